namespace Wix.Auth;

/// <summary>A signed <c>instance</c> value was refused. The message never contains the value or any part of it.</summary>
public sealed class WixInstanceVerificationException : Exception
{
    public WixInstanceVerificationException()
        : this(WixInstanceVerificationErrorKind.Malformed, "The signed instance could not be verified.")
    {
    }

    public WixInstanceVerificationException(string message)
        : this(WixInstanceVerificationErrorKind.Malformed, message)
    {
    }

    public WixInstanceVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = WixInstanceVerificationErrorKind.Malformed;
    }

    public WixInstanceVerificationException(WixInstanceVerificationErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Why the value was refused.</summary>
    public WixInstanceVerificationErrorKind Kind { get; }
}
