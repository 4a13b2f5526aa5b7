using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Commands;

/// <summary>
/// <c>create-key-certificate &lt;path&gt;</c>: writes a self-signed PFX that encrypts the Data Protection key ring, protected
/// by the password in <c>WixAuth:DataProtection:CertificatePassword</c> (read from the environment, never an argument,
/// so it does not show in the process list). For local runs; production uses a certificate from its own PKI.
/// </summary>
internal static class CreateKeyCertificateCommand
{
    public const string PasswordVariable = "WixAuth__DataProtection__CertificatePassword";

    public static int Run(string[] args)
    {
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (args.Length != 1 || string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine($"usage: {PasswordVariable}=<password> Wix.Auth.Host create-key-certificate <path.pfx>");
            return 2;
        }

        if (File.Exists(args[0]))
        {
            Console.Error.WriteLine("The certificate file exists already; it is left alone (replacing it would make the stored key ring unreadable).");
            return 1;
        }

        WixKeyEncryptionCertificate.CreateSelfSigned(args[0], password);
        Console.WriteLine("Key-encryption certificate written.");
        return 0;
    }
}
