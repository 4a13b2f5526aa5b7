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
/// Decrypts keys encrypted by <see cref="WixCertificateXmlEncryptor"/> with the configured certificate's private key.
/// Data Protection activates it by type name with the service provider, hence the public constructor.
/// </summary>
internal sealed class WixCertificateXmlDecryptor : IXmlDecryptor
{
    private readonly X509Certificate2 _certificate;

    public WixCertificateXmlDecryptor(IServiceProvider services)
    {
        _certificate = services.GetRequiredService<WixKeyEncryptionCertificateHolder>().Certificate
            ?? throw new InvalidOperationException("The key ring is encrypted but no key-encryption certificate is configured (WixAuth:DataProtection:CertificatePath).");
    }

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var document = new XmlDocument { PreserveWhitespace = true };
        using (var reader = new XElement("root", encryptedElement).CreateReader())
        {
            document.Load(reader);
        }

        new CertificateEncryptedXml(document, _certificate).DecryptDocument();
        using var nodeReader = new XmlNodeReader(document.DocumentElement!.FirstChild!);
        return XElement.Load(nodeReader);
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
