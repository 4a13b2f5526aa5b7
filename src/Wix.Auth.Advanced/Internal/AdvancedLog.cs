using Microsoft.Extensions.Logging;

namespace Wix.Auth.Advanced.Internal;

/// <summary>
/// Log events of the handshake and the refresh strategy (IDs 3200–3299). Never a code, state, ticket or token:
/// instance IDs are identifiers, not secrets.
/// </summary>
internal static partial class AdvancedLog
{
    // 3120 keeps the ID it had when the key ring lived beside the PostgreSQL store: operators may alert on it.
    [LoggerMessage(EventId = 3120, Level = LogLevel.Warning, Message = "Security: no key-encryption certificate configured and WixAuth:DataProtection:AllowUnencryptedKeys is set: the Data Protection key ring is stored UNENCRYPTED. For throw-away local runs only.")]
    public static partial void KeyRingUnencrypted(ILogger logger);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Critical, Message = "Security: none of the {Keys} Data Protection key(s) decrypts with the configured key-encryption certificates (keys are under {Thumbprints}); refusing to start")]
    public static partial void KeyRingUndecryptable(ILogger logger, int keys, string thumbprints);

    [LoggerMessage(EventId = 3122, Level = LogLevel.Error, Message = "{Undecryptable} of {Keys} Data Protection key(s) do not decrypt with the configured key-encryption certificates (keys are under {Thumbprints}); refresh tokens under them fall back to client credentials")]
    public static partial void KeysUndecryptable(ILogger logger, int undecryptable, int keys, string thumbprints);

    [LoggerMessage(EventId = 3123, Level = LogLevel.Information, Message = "{Keys} Data Protection key(s) are still encrypted with a previous key-encryption certificate; run rotate-key-certificate to retire it")]
    public static partial void KeysUnderPreviousCertificate(ILogger logger, int keys);

    [LoggerMessage(EventId = 3124, Level = LogLevel.Information, Message = "Key {KeyId} re-encrypted under the current key-encryption certificate")]
    public static partial void KeyReencrypted(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Install handshake started (token present: {HasToken})")]
    public static partial void HandshakeStarted(ILogger logger, bool hasToken);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Install callback refused: {Outcome}")]
    public static partial void CallbackRefused(ILogger logger, string outcome);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Install callback for instance {InstanceId} arrived again after its code was claimed; answered as already completed")]
    public static partial void CallbackAlreadyCompleted(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Wix refused the authorization code of instance {InstanceId}: {Kind} {Error}")]
    public static partial void CodeExchangeFailed(ILogger logger, string instanceId, WixTokenErrorKind kind, string? error);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Instance {InstanceId} installed with a refresh token")]
    public static partial void Installed(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Error, Message = "The refresh token of instance {InstanceId} could not be stored; the instance falls back to client credentials")]
    public static partial void PersistFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "Instance {InstanceId} could not even be recorded after its code was redeemed")]
    public static partial void RecordFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "Wix sent no refresh token for instance {InstanceId}; it uses client credentials")]
    public static partial void NoRefreshTokenReceived(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Warning, Message = "Security: onboarding ticket refused ({Reason})")]
    public static partial void TicketRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "Security: install callback named instance {ClaimedInstanceId}, but Wix issued the code for instance {ActualInstanceId} (other app: {OtherApp}); refused, nothing stored")]
    public static partial void InstanceMismatch(ILogger logger, string claimedInstanceId, string? actualInstanceId, bool otherApp);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Warning, Message = "Security: Wix could not confirm that the install callback's code was issued for instance {ClaimedInstanceId} ({Kind}, status {StatusCode}); refused, nothing stored")]
    public static partial void InstanceUnverified(ILogger logger, string claimedInstanceId, WixTokenErrorKind kind, int? statusCode);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Security: install callback refused by the state check: {Outcome}")]
    public static partial void StateRejected(ILogger logger, string outcome);

    [LoggerMessage(EventId = 3220, Level = LogLevel.Warning, Message = "Instance {InstanceId} falls back to client credentials: {Reason}")]
    public static partial void FallbackActivated(ILogger logger, string instanceId, WixFallbackReason reason);

    [LoggerMessage(EventId = 3221, Level = LogLevel.Warning, Message = "Refresh of instance {InstanceId} failed transiently ({Error}); the refresh token is kept")]
    public static partial void RefreshTransientFailure(ILogger logger, string instanceId, string error);

    [LoggerMessage(EventId = 3222, Level = LogLevel.Debug, Message = "Instance {InstanceId} refreshed its access token")]
    public static partial void Refreshed(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3230, Level = LogLevel.Error, Message = "Wix refused the refresh token (invalid_grant) of instance {InstanceId}; the token is quarantined, not deleted (the operator can list and restore it), and the instance uses client credentials")]
    public static partial void RefreshTokenQuarantined(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3231, Level = LogLevel.Critical, Message = "Incident: Wix refused the refresh tokens of {Count} installations within {Window}. This looks like a fault at Wix or a misconfiguration (app ID or secret, a local Wix that lost its sites), not revocations: no further token is quarantined; refused ones are kept and tried again after {RetryDelay}; instances use client credentials meanwhile")]
    public static partial void RefusalIncidentStarted(ILogger logger, int count, TimeSpan window, TimeSpan retryDelay);

    [LoggerMessage(EventId = 3232, Level = LogLevel.Warning, Message = "Refresh-token refusal incident over: refusals are back under the threshold")]
    public static partial void RefusalIncidentEnded(ILogger logger);

    [LoggerMessage(EventId = 3233, Level = LogLevel.Warning, Message = "Refresh token of instance {InstanceId} refused during an incident ({Error}); kept, tried again at {RetryAt}")]
    public static partial void RefreshDeferredForIncident(ILogger logger, string instanceId, string error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 3234, Level = LogLevel.Error, Message = "Wix refused the refresh token of instance {InstanceId} permanently ({Kind}, error {Error}); kept, not presented again before {RetryAt}; the instance uses client credentials")]
    public static partial void RefreshRefusedCooldown(ILogger logger, string instanceId, string kind, string error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 3240, Level = LogLevel.Debug, Message = "Instance {InstanceId} recorded as installing before its code is redeemed (written: {Written})")]
    public static partial void RecordedInstalling(ILogger logger, string instanceId, bool written);

    [LoggerMessage(EventId = 3241, Level = LogLevel.Error, Message = "The code exchange of instance {InstanceId} did not complete ({Error}); the installation stays recorded as installing and is served by client credentials until it is installed again")]
    public static partial void InstallingAfterFailedExchange(ILogger logger, string instanceId, string error);

    // 1410: from the range of the shared token cache (1400-1419), which this event belongs to.
    [LoggerMessage(EventId = 1410, Level = LogLevel.Information, Message = "Instance {InstanceId} was refreshed by another process while this one waited for the refresh lease; its token is used, no second refresh")]
    public static partial void RefreshedElsewhere(ILogger logger, string instanceId);
}
