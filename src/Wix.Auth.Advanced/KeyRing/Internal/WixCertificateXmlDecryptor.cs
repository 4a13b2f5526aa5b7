using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

// The namespace is part of every stored key: Data Protection records this type's assembly-qualified name in the key ring
// and activates it by that name, so renaming it (or moving it to another assembly) would make existing keys unreadable.
namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>
/// Decrypts keys encrypted by <see cref="WixCertificateXmlEncryptor"/> with the private key of the certificate that
/// encrypted them: the current one or one of <see cref="WixDataProtectionOptions.PreviousCertificates"/>, chosen by the
/// thumbprint the key names — what the framework's <see cref="EncryptedXmlDecryptor"/> does with
/// <c>UnprotectKeysWithAnyCertificate</c>. That extension takes certificate objects when services are registered,
/// while ours come from validated configuration at run time, hence this type.
/// Data Protection activates it by type name with the service provider, hence the public constructor.
/// </summary>
internal sealed class WixCertificateXmlDecryptor : IXmlDecryptor
{
    private readonly WixKeyEncryptionCertificateHolder _holder;

    public WixCertificateXmlDecryptor(IServiceProvider services)
    {
        _holder = services.GetRequiredService<WixKeyEncryptionCertificateHolder>();
        if (!_holder.DecryptionCertificates.Any())
        {
            throw new InvalidOperationException("The key ring is encrypted but no key-encryption certificate is configured (WixAuth:DataProtection:CertificatePath).");
        }
    }

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var certificate = CertificateFor(encryptedElement);
        var document = new XmlDocument { PreserveWhitespace = true };
        using (var reader = new XElement("root", encryptedElement).CreateReader())
        {
            document.Load(reader);
        }

        new CertificateEncryptedXml(document, certificate).DecryptDocument();
        using var nodeReader = new XmlNodeReader(document.DocumentElement!.FirstChild!);
        return XElement.Load(nodeReader);
    }

    private X509Certificate2 CertificateFor(XElement encryptedElement)
    {
        var thumbprint = KeyEncryptionCertificateName.ThumbprintOf(encryptedElement);
        if (thumbprint is null)
        {
            // Not named: only the current certificate is tried, as before previous certificates existed.
            return _holder.Certificate ?? _holder.DecryptionCertificates.First();
        }

        return _holder.DecryptionCertificates.FirstOrDefault(c => string.Equals(c.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
            ?? throw new CryptographicException(
                $"This key was encrypted with the key-encryption certificate {thumbprint}, which is neither WixAuth:DataProtection:CertificatePath nor one of WixAuth:DataProtection:PreviousCertificates.");
    }

    private sealed class CertificateEncryptedXml(XmlDocument document, X509Certificate2 certificate) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey)
        {
            ArgumentNullException.ThrowIfNull(encryptedKey);
            using var rsa = certificate.GetRSAPrivateKey()
                ?? throw new InvalidOperationException("The key-encryption certificate has no RSA private key.");
            var useOaep = encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl;
            return DecryptKey(encryptedKey.CipherData.CipherValue!, rsa, useOaep);
        }
    }
}
