namespace Wix.Auth;

/// <summary>An access token was refused or could not be checked. The message never contains the token or any part of it.</summary>
public sealed class WixAccessTokenVerificationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WixAccessTokenVerificationException()
        : this(WixAccessTokenVerificationErrorKind.Malformed, "The access token could not be verified.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public WixAccessTokenVerificationException(string message)
        : this(WixAccessTokenVerificationErrorKind.Malformed, message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public WixAccessTokenVerificationException(string message, Exception innerException)
        : this(WixAccessTokenVerificationErrorKind.Malformed, message, innerException)
    {
    }

    /// <summary>Creates the exception with what the caller knows of the failure.</summary>
    public WixAccessTokenVerificationException(WixAccessTokenVerificationErrorKind kind, string message, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    /// <summary>Why the token was refused.</summary>
    public WixAccessTokenVerificationErrorKind Kind { get; }

    /// <summary>For <see cref="WixAccessTokenVerificationErrorKind.Unavailable"/>: when Wix said to come back, if it did.</summary>
    public TimeSpan? RetryAfter { get; }
}
