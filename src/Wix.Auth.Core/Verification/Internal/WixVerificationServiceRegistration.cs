using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal;

/// <summary>Registers the webhook and signed-instance verifiers; called by <c>AddWixAuth</c>. Safe to call twice.</summary>
internal static class WixVerificationServiceRegistration
{
    /// <summary>
    /// Adds <see cref="WixWebhookVerifier"/>, <see cref="WixInstanceVerifier"/> (also as their interfaces), their
    /// options validated at start-up, and <see cref="TimeProvider.System"/> unless a time provider is registered.
    /// With <paramref name="configuration"/>, binds <c>Wix:Webhooks</c> and <c>Wix:Instance</c> from it.
    /// </summary>
    internal static void AddWixVerification(IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var webhooks = services.AddOptions<WixWebhookVerificationOptions>().ValidateOnStart();
        var instance = services.AddOptions<WixInstanceVerificationOptions>().ValidateOnStart();
        if (configuration is not null && !services.Any(d => d.ServiceType == typeof(WixVerificationConfigured)))
        {
            services.AddSingleton<WixVerificationConfigured>();
            webhooks.Bind(configuration.GetSection(WixWebhookVerificationOptions.SectionName));
            instance.Bind(configuration.GetSection(WixInstanceVerificationOptions.SectionName));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixWebhookVerificationOptions>, WixWebhookVerificationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixInstanceVerificationOptions>, WixInstanceVerificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WixWebhookVerifier>();
        services.TryAddSingleton<IWixWebhookVerifier>(sp => sp.GetRequiredService<WixWebhookVerifier>());
        services.TryAddSingleton<WixInstanceVerifier>();
        services.TryAddSingleton<IWixInstanceVerifier>(sp => sp.GetRequiredService<WixInstanceVerifier>());
    }

    /// <summary>Marks that the sections were bound, so a second call does not bind them twice.</summary>
    private sealed class WixVerificationConfigured;
}
