using System.Globalization;
using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Commands;

/// <summary>
/// <c>rotate-key-certificate</c>: with the new certificate in <c>WixAuth:DataProtection:CertificatePath</c> and the old one
/// in <c>WixAuth:DataProtection:PreviousCertificates:0:Path</c>, re-encrypts every stored Data Protection key under the new
/// one and says whether the old one is still needed. Safe to run while servers run, and again: a key already under the
/// current certificate is left alone. Exit code 0 once no key needs a previous certificate, 1 otherwise.
/// </summary>
internal static class RotateKeyCertificateCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<WixKeyCertificateRotator>().RotateAsync(cancellationToken);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.Keys} key(s): {result.Reencrypted} re-encrypted now, {result.UnderCurrentCertificate} under the current certificate, {result.UnderPreviousCertificate} still under a previous certificate, {result.Undecryptable} that no configured certificate decrypts, {result.Unencrypted} unencrypted."));
        if (result.Undecryptable > 0)
        {
            await Console.Out.WriteLineAsync("Keys no configured certificate decrypts are left alone; refresh tokens under them fall back to client credentials until their certificate is configured (as a previous one) and this command runs again.");
        }

        if (result.PreviousCertificatesNeeded)
        {
            await Console.Out.WriteLineAsync("A previous certificate is still needed: keep WixAuth:DataProtection:PreviousCertificates, make sure every server has the new certificate as current, and run this command again.");
            return 1;
        }

        await Console.Out.WriteLineAsync("No key needs a previous certificate any more: remove WixAuth:DataProtection:PreviousCertificates from every server's configuration.");
        return 0;
    }
}
