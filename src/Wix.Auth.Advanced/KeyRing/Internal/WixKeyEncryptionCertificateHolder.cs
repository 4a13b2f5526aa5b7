using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>
/// Loads the key-encryption certificates once, from the paths in <see cref="WixDataProtectionOptions"/>: the current one
/// (null when none is configured), which encrypts new keys, and the previous ones, which only decrypt.
/// </summary>
internal sealed class WixKeyEncryptionCertificateHolder(IOptions<WixDataProtectionOptions> options) : IDisposable
{
    private readonly Lazy<X509Certificate2?> _certificate = new(() =>
    {
        var value = options.Value;
        return string.IsNullOrWhiteSpace(value.CertificatePath)
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(value.CertificatePath, value.CertificatePassword);
    });

    private readonly Lazy<IReadOnlyList<X509Certificate2>> _previous = new(() => options.Value.PreviousCertificates
        .Where(p => !string.IsNullOrWhiteSpace(p.Path))
        .Select(p => X509CertificateLoader.LoadPkcs12FromFile(p.Path!, p.Password))
        .ToList());

    public X509Certificate2? Certificate => _certificate.Value;

    public IReadOnlyList<X509Certificate2> PreviousCertificates => _previous.Value;

    /// <summary>Every certificate that may decrypt a key, the current one first.</summary>
    public IEnumerable<X509Certificate2> DecryptionCertificates =>
        Certificate is { } current ? PreviousCertificates.Prepend(current) : PreviousCertificates;

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value?.Dispose();
        }

        if (_previous.IsValueCreated)
        {
            foreach (var certificate in _previous.Value)
            {
                certificate.Dispose();
            }
        }
    }
}
