using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Internal;
using Wix.Auth.Advanced.Storage.Postgres;

namespace Wix.Auth.Advanced;

/// <summary>
/// Re-encrypts every stored Data Protection key that a previous key-encryption certificate protects under the current
/// one, so the previous certificate can be retired. Only the encryption at rest changes: key IDs and secrets stay, so
/// refresh tokens, handshake state and tickets protected with them need no rewrite, and running servers (which hold the
/// decrypted ring in memory, and decrypt either form) are not disturbed. Idempotent: keys already under the current
/// certificate are left alone, and a key changed by a concurrent run is not overwritten.
/// </summary>
public sealed class WixKeyCertificateRotator
{
    private readonly WixKeyRingInspector _inspector;
    private readonly IOptions<KeyManagementOptions> _keyManagement;
    private readonly WixKeyEncryptionCertificateHolder _holder;
    private readonly ILogger _logger;

    internal WixKeyCertificateRotator(
        WixKeyRingInspector inspector, IOptions<KeyManagementOptions> keyManagement, WixKeyEncryptionCertificateHolder holder, ILoggerFactory loggers)
    {
        _inspector = inspector;
        _keyManagement = keyManagement;
        _holder = holder;
        _logger = loggers.CreateLogger("Wix.Auth.DataProtection");
    }

    /// <summary>Re-encrypts the keys under previous certificates; returns what it did and what the ring holds afterwards.</summary>
    public async Task<WixKeyCertificateRotationResult> RotateAsync(CancellationToken cancellationToken)
    {
        var current = _holder.Certificate
            ?? throw new InvalidOperationException("WixAuth:DataProtection:CertificatePath is required: it is the certificate the keys are re-encrypted under.");
        var repository = _inspector.Repository as IWixRewritableXmlRepository
            ?? throw new InvalidOperationException("The Data Protection key repository cannot replace a stored key (it does not implement IWixRewritableXmlRepository).");
        var encryptor = _keyManagement.Value.XmlEncryptor
            ?? throw new InvalidOperationException("No key-encryption certificate encrypts new keys.");

        var reencrypted = 0;
        foreach (var key in _inspector.InspectAll().Where(k => k is { Encryption: KeyEncryption.Previous, Decrypts: true }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Reencrypt(key.Element, encryptor, current.Thumbprint) is { } replacement
                && await repository.ReplaceElementAsync(key.Element, replacement, cancellationToken).ConfigureAwait(false))
            {
                reencrypted++;
                AdvancedLog.KeyReencrypted(_logger, key.KeyId);
            }
        }

        var after = _inspector.InspectAll();
        return new WixKeyCertificateRotationResult(
            after.Count,
            reencrypted,
            after.Count(k => k.Encryption == KeyEncryption.Current),
            after.Count(k => k is { Encryption: KeyEncryption.Previous }),
            after.Count(k => k.Decrypts == false),
            after.Count(k => k.Encryption == KeyEncryption.Unencrypted));
    }

    /// <summary>A copy of <paramref name="key"/> whose secret is encrypted with the current certificate, checked to decrypt to the same secret; null if not.</summary>
    private XElement? Reencrypt(XElement key, IXmlEncryptor encryptor, string currentThumbprint)
    {
        var copy = new XElement(key);
        var secret = copy.Descendants(WixKeyRingInspector.EncryptedSecret).First();
        if (secret.Elements().FirstOrDefault() is not { } encryptedData || _inspector.TryDecrypt(encryptedData) is not { } plaintext)
        {
            return null;
        }

        // The same element Data Protection writes when it encrypts a new key (XmlEncryptionExtensions.EncryptIfNecessary).
        var info = encryptor.Encrypt(plaintext);
        if (!string.Equals(KeyEncryptionCertificateName.ThumbprintOf(info.EncryptedElement), currentThumbprint, StringComparison.OrdinalIgnoreCase)
            || _inspector.TryDecrypt(info.EncryptedElement) is not { } roundTrip
            || !XNode.DeepEquals(plaintext, roundTrip))
        {
            return null;
        }

        secret.ReplaceWith(new XElement(WixKeyRingInspector.EncryptedSecret,
            new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!),
            info.EncryptedElement));
        return copy;
    }
}
