namespace Wix.Auth;

/// <summary>An access token was refused or could not be checked. The message never contains the token or any part of it.</summary>
public sealed class WixAccessTokenVerificationException : Exception
{
    public WixAccessTokenVerificationException()
        : this(WixAccessTokenVerificationErrorKind.Malformed, "The access token could not be verified.")
    {
    }

    public WixAccessTokenVerificationException(string message)
        : this(WixAccessTokenVerificationErrorKind.Malformed, message)
    {
    }

    public WixAccessTokenVerificationException(string message, Exception innerException)
        : this(WixAccessTokenVerificationErrorKind.Malformed, message, innerException)
    {
    }

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
