using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal.Identity;

/// <summary>Registers access-token verification and elevation; called by <c>AddWixAuth</c>. Safe to call twice.</summary>
internal static class WixIdentityServiceRegistration
{
    internal static void AddWixIdentity(IServiceCollection services, IConfiguration? configuration)
    {
        var options = services.AddOptions<WixAccessTokenVerificationOptions>().ValidateOnStart();
        if (configuration is not null && !services.Any(d => d.ServiceType == typeof(WixIdentityConfigured)))
        {
            services.AddSingleton<WixIdentityConfigured>();
            options.Bind(configuration.GetSection(WixAccessTokenVerificationOptions.SectionName));
        }

        services.AddOptions<WixElevationOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixAccessTokenVerificationOptions>, WixAccessTokenVerificationOptionsValidator>());
        services.TryAddSingleton<IWixAccessTokenVerifier, WixAccessTokenVerifier>();
        services.TryAddSingleton<IWixTokenElevator, WixTokenElevator>();
    }

    /// <summary>Marks that the section was bound, so a second call does not bind it twice.</summary>
    private sealed class WixIdentityConfigured;
}
