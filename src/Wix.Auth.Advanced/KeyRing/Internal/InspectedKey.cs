using System.Xml.Linq;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>How one stored Data Protection key is protected at rest, as this process's certificates see it.</summary>
/// <param name="Element">The key element as the repository holds it.</param>
/// <param name="KeyId">The key's ID (its <c>id</c> attribute).</param>
/// <param name="Encryption">Which certificate encrypts it.</param>
/// <param name="Thumbprint">The thumbprint of the certificate the key names; null for an unencrypted key.</param>
/// <param name="Decrypts">Whether this process decrypts it; null when it is not ours to judge (another encryptor's key).</param>
internal sealed record InspectedKey(XElement Element, string KeyId, KeyEncryption Encryption, string? Thumbprint, bool? Decrypts);

/// <summary>Which certificate encrypts a stored key.</summary>
internal enum KeyEncryption
{
    /// <summary>The current certificate (<c>WixAuth:DataProtection:CertificatePath</c>).</summary>
    Current,

    /// <summary>One of <c>WixAuth:DataProtection:PreviousCertificates</c>: still needed until the key is re-encrypted.</summary>
    Previous,

    /// <summary>A certificate this process does not have.</summary>
    UnknownCertificate,

    /// <summary>Stored unencrypted (<c>AllowUnencryptedKeys</c>).</summary>
    Unencrypted,

    /// <summary>Encrypted by another <c>IXmlEncryptor</c> than ours; left alone.</summary>
    Other,
}
