using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>
/// Which certificate encrypted a key: <c>EncryptedXml.Encrypt(element, certificate)</c>, used by the framework's
/// <c>CertificateXmlEncryptor</c>, names it in the encrypted key's <c>KeyInfo/X509Data</c>. The framework's own
/// <c>EncryptedXmlDecryptor</c> picks its decryption certificate by this thumbprint too.
/// </summary>
internal static class KeyEncryptionCertificateName
{
    private static readonly XName X509CertificateElement = XName.Get("X509Certificate", "http://www.w3.org/2000/09/xmldsig#");

    /// <summary>The SHA-1 thumbprint (as <see cref="X509Certificate2.Thumbprint"/>) of the certificate named in <paramref name="encryptedData"/>; null when none is named.</summary>
    public static string? ThumbprintOf(XElement encryptedData)
    {
        var named = encryptedData.Descendants(X509CertificateElement).FirstOrDefault()?.Value;
        if (string.IsNullOrWhiteSpace(named))
        {
            return null;
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(named.Trim()));
            return certificate.Thumbprint;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
