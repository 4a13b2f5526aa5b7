using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Internal;

// Kept in the namespace the key ring types have always had: see WixCertificateXmlDecryptor.
namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>Encrypts new Data Protection keys with the configured certificate; refuses plaintext keys unless AllowUnencryptedKeys is set.</summary>
internal sealed class ConfigureWixKeyRingEncryption(IServiceProvider services) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        var holder = services.GetRequiredService<WixKeyEncryptionCertificateHolder>();
        if (holder.Certificate is not null)
        {
            options.XmlEncryptor = new WixCertificateXmlEncryptor(holder, services.GetRequiredService<ILoggerFactory>());
            return;
        }

        if (services.GetRequiredService<IOptions<WixDataProtectionOptions>>().Value.AllowUnencryptedKeys)
        {
            AdvancedLog.KeyRingUnencrypted(services.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.DataProtection"));
            return;
        }

        // Reached only when start-up validation was bypassed; refuse rather than write a plaintext key.
        throw new InvalidOperationException("WixAuth:DataProtection:CertificatePath is required: the Data Protection key ring is not stored unencrypted.");
    }
}
