using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wix.Auth.Advanced;

/// <summary>Creates the self-signed certificate that encrypts the Data Protection key ring (local runs and tests).</summary>
public static class WixKeyEncryptionCertificate
{
    /// <summary>
    /// Writes a PFX with a fresh RSA-3072 key to <paramref name="path"/>, protected by <paramref name="password"/>,
    /// readable by the current user only. Refuses to overwrite an existing file: losing the old certificate would
    /// make the key ring, and every refresh token, unreadable.
    /// </summary>
    public static void CreateSelfSigned(string path, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(password);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Wix.Auth key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        var pfx = certificate.Export(X509ContentType.Pfx, password);
        // The file holds a private key: readable by its owner only, from the moment it exists.
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, fileOptions);
        stream.Write(pfx);
    }
}
