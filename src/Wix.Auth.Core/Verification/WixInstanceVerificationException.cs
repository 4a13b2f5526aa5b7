namespace Wix.Auth;

/// <summary>A signed <c>instance</c> value was refused. The message never contains the value or any part of it.</summary>
public sealed class WixInstanceVerificationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WixInstanceVerificationException()
        : this(WixInstanceVerificationErrorKind.Malformed, "The signed instance could not be verified.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public WixInstanceVerificationException(string message)
        : this(WixInstanceVerificationErrorKind.Malformed, message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public WixInstanceVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = WixInstanceVerificationErrorKind.Malformed;
    }

    /// <summary>Creates the exception with what the caller knows of the failure.</summary>
    public WixInstanceVerificationException(WixInstanceVerificationErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Why the value was refused.</summary>
    public WixInstanceVerificationErrorKind Kind { get; }
}
