namespace Wix.Auth.Advanced;

/// <summary>
/// A key-encryption certificate that is being retired: it decrypts the keys it encrypted, and encrypts nothing
/// (<c>WixAuth:DataProtection:PreviousCertificates:N:Path</c> / <c>…:Password</c>). Remove it once
/// <c>rotate-key-certificate</c> says no key needs it any more.
/// </summary>
public sealed class WixPreviousKeyCertificate
{
    /// <summary>Path of the PFX file holding the certificate and its private key.</summary>
    public string? Path { get; set; }

    /// <summary>Password of the PFX file. Never logged.</summary>
    public string? Password { get; set; }
}
