namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>Every way a handshake request can end other than a redirect onwards; each has its own page.</summary>
internal enum HandshakeOutcome
{
    MalformedParameters,
    StateMissing,
    StateInvalid,
    StateExpired,
    CorrelationFailed,
    CodeMissing,
    InstanceIdMissing,
    AccessDenied,
    WixError,
    CodeRejected,
    ExchangeFailed,
    AlreadyCompleted,
    PersistFailed,
    TicketInvalid,
    InstanceMismatch,
    InstanceUnverified,
}
