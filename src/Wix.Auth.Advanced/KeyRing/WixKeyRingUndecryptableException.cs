namespace Wix.Auth.Advanced;

/// <summary>
/// Thrown at start when the stored key ring has keys but none decrypts with the configured key-encryption certificates
/// (a replaced certificate without its predecessor in <c>WixAuth:DataProtection:PreviousCertificates</c>). Starting
/// anyway would make Data Protection create a new key and every stored refresh token undecryptable, so the host stops.
/// </summary>
public sealed class WixKeyRingUndecryptableException : Exception
{
    /// <summary>Creates the exception with the operator-facing explanation.</summary>
    public WixKeyRingUndecryptableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the operator-facing explanation and its cause.</summary>
    public WixKeyRingUndecryptableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public WixKeyRingUndecryptableException()
        : base("The Data Protection key ring cannot be decrypted with the configured key-encryption certificates.")
    {
    }
}
