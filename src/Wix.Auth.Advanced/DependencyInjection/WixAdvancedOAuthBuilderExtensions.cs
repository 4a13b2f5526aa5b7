using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth;
using Wix.Auth.Advanced;
using Wix.Auth.Advanced.Internal.OAuth;
using Wix.Auth.Advanced.Internal.Storage;
using Wix.Auth.Advanced.Internal.Strategies;
using Wix.Auth.Basic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers advanced OAuth: the install handshake scheme and the refresh-token strategy with its fallback.</summary>
public static class WixAdvancedOAuthBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="WixOAuthDefaults.AuthenticationScheme"/> handshake scheme and makes <see cref="WixAdvancedAuthStrategy"/>
    /// the <see cref="IWixAuthStrategy"/> (refresh token, falling back to client credentials). Needs a
    /// store: <see cref="IWixInstallationStore"/>, <see cref="IWixRefreshTokenStore"/> and <see cref="IWixAuthorizationCodeStore"/>
    /// (e.g. <c>AddPostgresStore</c>). Settings bind from <c>WixAuth:AdvancedOAuth</c>
    /// when an <c>IConfiguration</c> is registered, then <paramref name="configure"/> runs. Map the endpoints with
    /// <c>app.MapWixOAuth()</c>. Safe to call twice.
    /// </summary>
    public static WixAuthBuilder AddAdvancedOAuth(this WixAuthBuilder builder, Action<WixOAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<WixOAuthOptions>(WixOAuthDefaults.AuthenticationScheme)
            .BindConfiguration(WixOAuthOptions.SectionName)
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AdvancedOAuthMarker)))
        {
            return builder;
        }

        services.AddSingleton<AdvancedOAuthMarker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixOAuthOptions>, WixOAuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.AddAuthentication()
            .AddOAuth<WixOAuthOptions, WixOAuthHandler>(WixOAuthDefaults.AuthenticationScheme, WixOAuthDefaults.DisplayName, static _ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<WixOAuthOptions>, PostConfigureWixOAuthOptions>());
        services.TryAddSingleton<OnboardingTickets>();
        services.TryAddSingleton<InstanceBinding>();

        services.TryAddSingleton<WixAdvancedMetrics>();
        services.AddOptions<WixRefreshPolicyOptions>().BindConfiguration(WixRefreshPolicyOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixRefreshPolicyOptions>, WixRefreshPolicyOptionsValidator>());
        services.TryAddSingleton<RefusalIncidentDetector>();
        services.TryAddSingleton<RefreshTokenStrategy>();
        services.TryAddSingleton<ClientCredentialsStrategy>();
        services.TryAddSingleton(static sp => new WixAdvancedAuthStrategy(
            sp.GetRequiredService<RefreshTokenStrategy>(), sp.GetRequiredService<ClientCredentialsStrategy>(), sp.GetRequiredService<IWixInstallationStore>()));
        // A removal or reinstall recorded by any process drops the instance's token here (when the store reports changes).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWixInstallationChangeObserver, TokenManagerInvalidation>());
        // Replace, not TryAdd: AddClientCredentials may already have made the Basic strategy the IWixAuthStrategy.
        services.Replace(ServiceDescriptor.Singleton<IWixAuthStrategy>(static sp => sp.GetRequiredService<WixAdvancedAuthStrategy>()));
        return builder;
    }

    private sealed class AdvancedOAuthMarker;
}
