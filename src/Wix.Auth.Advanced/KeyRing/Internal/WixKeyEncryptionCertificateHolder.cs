using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>Loads the key-encryption certificate once, from the path in <see cref="WixDataProtectionOptions"/>; null when none is configured.</summary>
internal sealed class WixKeyEncryptionCertificateHolder(IOptions<WixDataProtectionOptions> options) : IDisposable
{
    private readonly Lazy<X509Certificate2?> _certificate = new(() =>
    {
        var value = options.Value;
        return string.IsNullOrWhiteSpace(value.CertificatePath)
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(value.CertificatePath, value.CertificatePassword);
    });

    public X509Certificate2? Certificate => _certificate.Value;

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value?.Dispose();
        }
    }
}
