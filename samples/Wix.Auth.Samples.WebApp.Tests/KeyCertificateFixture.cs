using Wix.Auth.Advanced;

namespace Wix.Auth.Samples.WebApp.Tests;

/// <summary>
/// One key-encryption certificate for every test of the class: the Data Protection keys in the database are encrypted
/// with it, and a host whose certificate decrypts none of them refuses to start, as it should in production.
/// </summary>
public sealed class KeyCertificateFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wixauth-sample-cert-").FullName;

    public KeyCertificateFixture()
    {
        Path = System.IO.Path.Combine(_folder, "key-encryption.pfx");
        WixKeyEncryptionCertificate.CreateSelfSigned(Path, Password);
    }

    public string Path { get; }

    public string Password { get; } = Guid.NewGuid().ToString("N");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
