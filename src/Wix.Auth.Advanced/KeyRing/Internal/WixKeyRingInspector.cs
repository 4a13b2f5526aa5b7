using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>
/// Reads the stored key ring as Data Protection writes it (<c>&lt;key&gt;</c> elements whose secret sits in an
/// <c>&lt;encryptedSecret decryptorType="…"&gt;</c> element) and tells, key by key, which certificate encrypts it and
/// whether this process can decrypt it — without asking Data Protection for its key ring, which would create a new key
/// when none decrypts.
/// </summary>
internal sealed class WixKeyRingInspector(IOptions<KeyManagementOptions> keyManagement, WixKeyEncryptionCertificateHolder holder, IServiceProvider services)
{
    private const string DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";
    public static readonly XName EncryptedSecret = XName.Get("encryptedSecret", DataProtectionNamespace);
    private static readonly XName RequiresEncryption = XName.Get("requiresEncryption", DataProtectionNamespace);

    /// <summary>The repository the keys live in; null when the application left Data Protection's default in place.</summary>
    public IXmlRepository? Repository => keyManagement.Value.XmlRepository;

    public IReadOnlyList<InspectedKey> InspectAll() =>
        Repository?.GetAllElements().Where(e => e.Name.LocalName == "key").Select(Inspect).ToList() ?? [];

    public InspectedKey Inspect(XElement key)
    {
        var id = (string?)key.Attribute("id") ?? "(no id)";
        var secret = key.Descendants(EncryptedSecret).FirstOrDefault();
        if (secret is null)
        {
            var unencrypted = key.Descendants().Any(e => (string?)e.Attribute(RequiresEncryption) == "true");
            return new InspectedKey(key, id, unencrypted ? KeyEncryption.Unencrypted : KeyEncryption.Other, null, unencrypted ? true : null);
        }

        if (!IsOurs(secret) || secret.Elements().FirstOrDefault() is not { } encryptedData)
        {
            return new InspectedKey(key, id, KeyEncryption.Other, null, null);
        }

        var thumbprint = KeyEncryptionCertificateName.ThumbprintOf(encryptedData);
        var encryption =
            thumbprint is not null && Matches(holder.Certificate?.Thumbprint, thumbprint) ? KeyEncryption.Current
            : thumbprint is not null && holder.PreviousCertificates.Any(c => Matches(c.Thumbprint, thumbprint)) ? KeyEncryption.Previous
            : KeyEncryption.UnknownCertificate;
        return new InspectedKey(key, id, encryption, thumbprint, TryDecrypt(encryptedData) is not null);
    }

    /// <summary>The plaintext secret, or null when no configured certificate decrypts it.</summary>
    public XElement? TryDecrypt(XElement encryptedData)
    {
        try
        {
            return new WixCertificateXmlDecryptor(services).Decrypt(encryptedData);
        }
        catch (Exception ex) when (ex is CryptographicException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsOurs(XElement secret) =>
        ((string?)secret.Attribute("decryptorType"))?.StartsWith(typeof(WixCertificateXmlDecryptor).FullName + ",", StringComparison.Ordinal) == true;

    private static bool Matches(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
