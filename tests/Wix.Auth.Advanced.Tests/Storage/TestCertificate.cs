using System.Security.Cryptography;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>One self-signed key-encryption PFX per test run, in a private temp folder.</summary>
internal static class TestCertificate
{
    private static readonly Lazy<(string Path, string Password)> Instance = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("wixauth-cert-").FullName;
        var path = System.IO.Path.Combine(folder, "key-encryption.pfx");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        WixKeyEncryptionCertificate.CreateSelfSigned(path, password);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return (path, password);
    });

    public static string Path => Instance.Value.Path;

    public static string Password => Instance.Value.Password;
}
