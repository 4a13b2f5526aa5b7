namespace Wix.Auth.Advanced;

/// <summary>
/// The key-encryption certificate that protects the Data Protection key ring stored in PostgreSQL. Keys in the same
/// database as the ciphertext protect nothing against a dump, so the certificate is required unless
/// <see cref="AllowUnencryptedKeys"/> is set on purpose (the host environment never decides it).
/// Bound from configuration section <c>WixAuth:DataProtection</c>.
/// </summary>
public sealed class WixDataProtectionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "WixAuth:DataProtection";

    /// <summary>Path of the PFX file holding the certificate and its private key (<c>WixAuth:DataProtection:CertificatePath</c>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the PFX file (<c>WixAuth:DataProtection:CertificatePassword</c>). Never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Certificates that only decrypt: the keys a retired certificate encrypted stay readable while
    /// <c>rotate-key-certificate</c> re-encrypts them under <see cref="CertificatePath"/>
    /// (<c>WixAuth:DataProtection:PreviousCertificates:N:Path</c> / <c>…:Password</c>). New keys are always encrypted with
    /// the current certificate.
    /// </summary>
    public IList<WixPreviousKeyCertificate> PreviousCertificates { get; } = [];

    /// <summary>
    /// Lets the key ring be stored unencrypted when no certificate is configured
    /// (<c>WixAuth:DataProtection:AllowUnencryptedKeys</c>). Default false. For throw-away local runs only: every start
    /// logs a warning (event 3120). <c>ASPNETCORE_ENVIRONMENT=Development</c> alone does not allow it.
    /// </summary>
    public bool AllowUnencryptedKeys { get; set; }
}
