using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>Self-signed key-encryption PFXs, one per name and test run, in a private temp folder, all with one password.</summary>
internal static class TestCertificate
{
    private static readonly Lazy<(string Folder, string Password)> Run = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("wixauth-cert-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return (folder, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
    });

    private static readonly Lazy<string> Default = new(() => Named("key-encryption"));

    /// <summary>The certificate every store test uses unless it rotates.</summary>
    public static string Path => Default.Value;

    public static string Password => Run.Value.Password;

    /// <summary>Another certificate (created on first use): the replacement in a rotation, or a stranger's.</summary>
    public static string Named(string name)
    {
        var path = System.IO.Path.Combine(Run.Value.Folder, name + ".pfx");
        lock (Run)
        {
            if (!File.Exists(path))
            {
                WixKeyEncryptionCertificate.CreateSelfSigned(path, Password);
            }
        }

        return path;
    }

    public static string ThumbprintOf(string path)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, Password);
        return certificate.Thumbprint;
    }
}
