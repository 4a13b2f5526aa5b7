using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wix.Auth.Advanced.Internal;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>
/// Before anything asks Data Protection for its key ring: when the stored ring has keys and the configured certificates
/// decrypt none of them, refuse to start. Data Protection would otherwise create a fresh key under the current
/// certificate, and every stored refresh token would be undecryptable and fall back to client credentials at once.
/// Registered ahead of Data Protection's own hosted service (which loads the ring), right after the migration.
/// </summary>
internal sealed class WixKeyRingStartupCheck(WixKeyRingInspector inspector, WixKeyEncryptionCertificateHolder holder, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Wix.Auth.DataProtection");
        var keys = inspector.InspectAll();
        var undecryptable = keys.Where(k => k.Decrypts == false).ToList();
        var foreign = string.Join(", ", undecryptable.Select(k => k.Thumbprint ?? "(unnamed)").Distinct(StringComparer.OrdinalIgnoreCase));
        if (keys.Count > 0 && undecryptable.Count == keys.Count)
        {
            var configured = string.Join(", ", holder.DecryptionCertificates.Select(c => c.Thumbprint));
            var message =
                $"None of the {keys.Count} Data Protection key(s) in the key ring can be decrypted: they are encrypted with the key-encryption "
                + $"certificate(s) {foreign}, and this host has {(configured.Length == 0 ? "none" : configured)}. Refusing to start: a new key would leave "
                + "every stored refresh token undecryptable. Configure the certificate the keys were encrypted with as "
                + "WixAuth:DataProtection:CertificatePath, or keep it as WixAuth:DataProtection:PreviousCertificates:0:Path beside the new one "
                + "and run rotate-key-certificate.";
            AdvancedLog.KeyRingUndecryptable(logger, keys.Count, foreign);
            throw new WixKeyRingUndecryptableException(message);
        }

        if (undecryptable.Count > 0)
        {
            AdvancedLog.KeysUndecryptable(logger, undecryptable.Count, keys.Count, foreign);
        }

        var underPrevious = keys.Count(k => k.Encryption == KeyEncryption.Previous);
        if (underPrevious > 0)
        {
            AdvancedLog.KeysUnderPreviousCertificate(logger, underPrevious);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
