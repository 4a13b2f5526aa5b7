using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.Advanced.Storage.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Encrypts the Data Protection key ring with the certificate of <c>WixAuth:DataProtection</c>, whatever store persists
/// the keys. A store package (e.g. <c>AddPostgresStore</c>) calls this and sets only the key repository.
/// </summary>
public static class WixKeyRingServiceCollectionExtensions
{
    /// <summary>The application name shared by every process, so they all read one key ring regardless of content root.</summary>
    public const string ApplicationName = "Wix.Auth";

    /// <summary>
    /// Binds <see cref="WixDataProtectionOptions"/> (validated at start: a certificate is required unless <c>AllowUnencryptedKeys</c> is set),
    /// sets the shared application name and makes new keys encrypted with the certificate. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddWixKeyRingCertificateEncryption(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WixDataProtectionOptions>().BindConfiguration(WixDataProtectionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixDataProtectionOptions>, WixDataProtectionOptionsValidator>());
        services.TryAddSingleton<WixKeyEncryptionCertificateHolder>();
        services.TryAddSingleton<WixKeyRingInspector>();
        services.TryAddSingleton(sp => new WixKeyCertificateRotator(
            sp.GetRequiredService<WixKeyRingInspector>(),
            sp.GetRequiredService<IOptions<KeyManagementOptions>>(),
            sp.GetRequiredService<WixKeyEncryptionCertificateHolder>(),
            sp.GetRequiredService<ILoggerFactory>()));

        // First among the hosted services (a store's migration is put before it): Data Protection's own hosted service
        // loads the key ring, and would create a new key, before a later check could refuse an undecryptable ring.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(WixKeyRingStartupCheck)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, WixKeyRingStartupCheck>());
        }

        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KeyManagementOptions>, ConfigureWixKeyRingEncryption>());
        return services;
    }
}
