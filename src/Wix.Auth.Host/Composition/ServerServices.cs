using FluentValidation;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.PostgreSql;
using Wix.Auth.Host.Endpoints;
using Wix.Auth.Host.Instances;
using Wix.Auth.Host.OpenApi;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Security;
using Wix.Auth.Host.Telemetry;

namespace Wix.Auth.Host.Composition;

/// <summary>Every service of the server: the library (core, client credentials, PostgreSQL store, handshake) and our own.</summary>
internal static class ServerServices
{
    /// <summary>The connection string name: <c>ConnectionStrings:WixAuth</c>.</summary>
    public const string ConnectionStringName = "WixAuth";

    /// <summary>Where the shared token cache is switched (on by default in the server, off in the library).</summary>
    private const string SharedTokenCacheEnabledKey = "WixAuth:Postgres:SharedTokenCache:Enabled";

    public static WebApplicationBuilder AddWixAuthServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<WixAuthHostOptions>()
            .Bind(configuration.GetSection(WixAuthHostOptions.SectionName))
            .ValidateOnStart();
        services.TryAddSingleton<IValidator<WixAuthHostOptions>, WixAuthHostOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixAuthHostOptions>, FluentValidateOptions<WixAuthHostOptions>>());
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<WixAuthHostOptions>>((target, host) => ForwardedHeadersSetup.Configure(target, host.Value.ForwardedHeaders));

        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyValidator>();
        services.TryAddSingleton<StoreOutage>();
        services.TryAddSingleton<InstallationStatusCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWixInstallationChangeObserver, InstallationStatusInvalidation>());
        services.TryAddSingleton<Pages.SimulatorLinks>();
        services.AddTokenApiDocument();
        services.AddHandshakeRateLimiting();
        services.AddHealth();
        builder.AddServerTelemetry();

        var wixAuth = services.AddWixAuth(configuration)
            .AddClientCredentials()
            // Tuning (lock timeout, retentions) binds from WixAuth:Postgres; the connection string comes from its usual place.
            // The server is meant to run as several hosts on one database: the shared token cache is on unless configured off.
            .AddPostgresStore(o =>
            {
                o.ConnectionString = configuration.GetConnectionString(ConnectionStringName) ?? string.Empty;
                o.SharedTokenCache.Enabled = configuration.GetValue(SharedTokenCacheEnabledKey, defaultValue: true);
            })
            .AddAdvancedOAuth(o => ConfigureHandshake(o, configuration));

        // Outbound notifications only when configured; a section with a key in it (say a secret without a URL) is
        // validated at start and refused rather than silently ignored.
        if (configuration.GetSection(WixNotificationOptions.SectionName).GetChildren().Any())
        {
            wixAuth.AddPostgresNotifications(o => configuration.GetSection(WixNotificationOptions.SectionName).Bind(o));
        }

        if (configuration.GetValue<bool>($"{WixAuthHostOptions.SectionName}:{nameof(WixAuthHostOptions.FinishSetupAfterInstall)}"))
        {
            AddFinishSetupAfterInstall(services);
        }

        services.AddHttpClient<FinishSetupClient>((sp, client) =>
                client.BaseAddress = sp.GetRequiredService<IOptions<WixAuthOptions>>().Value.ApiBaseUrl)
            .AddWixAccessTokenHandler();
        return builder;
    }

    /// <summary>
    /// Subscribes to the handshake's <see cref="WixOAuthEvents.OnInstalled"/>: a handshake that stored a refresh token queues
    /// the instance's BI event for the background worker (one installed only by webhook is left alone).
    /// </summary>
    private static void AddFinishSetupAfterInstall(IServiceCollection services)
    {
        services.TryAddSingleton<FinishSetupQueue>();
        services.AddHostedService<FinishSetupWorker>();
        services.AddOptions<WixOAuthOptions>(WixOAuthDefaults.AuthenticationScheme)
            .Configure<FinishSetupQueue>((options, queue) =>
            {
                var previous = options.Events.OnInstalled;
                options.Events.OnInstalled = async context =>
                {
                    await previous(context);
                    if (context.RefreshTokenStored)
                    {
                        queue.TryEnqueue(context.InstanceId);
                    }
                };
            });
    }

    /// <summary>
    /// The handshake takes the server's one public URL (<c>WixAuth:PublicBaseUrl</c>). Served over plain HTTP (only allowed
    /// on loopback, for local runs) the correlation cookie cannot be <c>Secure</c>, or the callback would never see it.
    /// </summary>
    private static void ConfigureHandshake(WixOAuthOptions options, IConfiguration configuration)
    {
        if (configuration.GetValue<Uri?>($"{WixAuthHostOptions.SectionName}:PublicBaseUrl") is { } publicBaseUrl)
        {
            options.PublicBaseUrl = publicBaseUrl;
            options.RequireHttpsCookies = publicBaseUrl.Scheme == Uri.UriSchemeHttps;
        }
    }
}
