using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Logging;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>
/// Encrypts keys exactly as <see cref="CertificateXmlEncryptor"/> does, but names <see cref="WixCertificateXmlDecryptor"/>
/// as the decryptor: the certificate comes from configuration at run time, not from the machine's certificate store
/// that the framework's decryptor would search.
/// </summary>
internal sealed class WixCertificateXmlEncryptor(WixKeyEncryptionCertificateHolder holder, ILoggerFactory loggerFactory) : IXmlEncryptor
{
    private readonly CertificateXmlEncryptor _inner = new(
        holder.Certificate ?? throw new InvalidOperationException("No key-encryption certificate is loaded."), loggerFactory);

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var info = _inner.Encrypt(plaintextElement);
        return new EncryptedXmlInfo(info.EncryptedElement, typeof(WixCertificateXmlDecryptor));
    }
}
