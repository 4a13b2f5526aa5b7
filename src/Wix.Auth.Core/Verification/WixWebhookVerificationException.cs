namespace Wix.Auth;

/// <summary>
/// A webhook body was refused. The message says why and never contains the body, the JWT or any part of its payload.
/// </summary>
public sealed class WixWebhookVerificationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WixWebhookVerificationException()
        : this(WixWebhookVerificationErrorKind.Malformed, "The webhook could not be verified.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public WixWebhookVerificationException(string message)
        : this(WixWebhookVerificationErrorKind.Malformed, message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public WixWebhookVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = WixWebhookVerificationErrorKind.Malformed;
    }

    /// <summary>Creates the exception with what the caller knows of the failure.</summary>
    public WixWebhookVerificationException(WixWebhookVerificationErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Why the webhook was refused.</summary>
    public WixWebhookVerificationErrorKind Kind { get; }

    /// <summary>True when the sender failed to prove it is Wix (answer 401); false when the body is malformed (answer 400).</summary>
    public bool IsAuthenticationFailure => Kind != WixWebhookVerificationErrorKind.Malformed;
}
