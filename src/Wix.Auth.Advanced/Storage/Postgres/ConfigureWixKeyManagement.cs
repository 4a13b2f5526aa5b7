using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Internal;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>Points Data Protection at the PostgreSQL key ring and encrypts new keys with the configured certificate.</summary>
internal sealed class ConfigureWixKeyManagement(IServiceProvider services) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        options.XmlRepository = services.GetRequiredService<PostgresXmlRepository>();
        var holder = services.GetRequiredService<WixKeyEncryptionCertificateHolder>();
        if (holder.Certificate is not null)
        {
            options.XmlEncryptor = new WixCertificateXmlEncryptor(holder, services.GetRequiredService<ILoggerFactory>());
            return;
        }

        if (services.GetRequiredService<IOptions<WixDataProtectionOptions>>().Value.AllowUnencryptedKeys)
        {
            StoreLog.KeyRingUnencrypted(services.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.DataProtection"));
            return;
        }

        // Reached only when start-up validation was bypassed; refuse rather than write a plaintext key.
        throw new InvalidOperationException("WixAuth:DataProtection:CertificatePath is required: the Data Protection key ring is not stored unencrypted.");
    }
}
