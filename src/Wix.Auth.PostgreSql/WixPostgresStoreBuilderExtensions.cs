using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Wix.Auth.PostgreSql.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the PostgreSQL store (installations, refresh leases, code redemptions, webhook inbox), its migrator, the
/// shared, certificate-encrypted key ring, the listener that makes a removal recorded by any process seen by all
/// (<c>ListenForChanges</c>, on by default) and the shared second-level token cache (<c>SharedTokenCache:Enabled</c>,
/// off by default for an embedding app).
/// </summary>
public static class WixPostgresStoreBuilderExtensions
{
    /// <summary>
    /// Stores installations and encrypted refresh tokens in PostgreSQL. Settings bind from <c>WixAuth:Postgres</c>, then
    /// <paramref name="configure"/> runs (usually to set the connection string); the key-encryption certificate is read from
    /// configuration section <c>WixAuth:DataProtection</c>. Safe to call twice.
    /// </summary>
    public static WixAuthBuilder AddPostgresStore(this WixAuthBuilder builder, Action<WixPostgresStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddPostgresStoreServices(builder.Services, configure);
        return builder;
    }

    /// <summary>The registrations behind <see cref="AddPostgresStore"/>, reachable from tests without the Core entry point.</summary>
    internal static void AddPostgresStoreServices(IServiceCollection services, Action<WixPostgresStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<WixPostgresStoreOptions>().BindConfiguration(WixPostgresStoreOptions.SectionName).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixPostgresStoreOptions>, WixPostgresStoreOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixPostgresStoreOptions>, WixPostgresTimeoutsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixPostgresStoreOptions>, WixWebhookRetentionValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WixPostgresDataSource(
            new NpgsqlDataSourceBuilder(WixPostgresConnectionString.Build(sp.GetRequiredService<IOptions<WixPostgresStoreOptions>>().Value))
                .UseLoggerFactory(sp.GetService<ILoggerFactory>())
                .Build()));
        services.TryAddSingleton(sp => new WixDatabaseMigrator(
            sp.GetRequiredService<WixPostgresDataSource>().DataSource,
            WixMigration.LoadEmbedded(),
            sp.GetRequiredService<ILogger<WixDatabaseMigrator>>()));
        services.TryAddSingleton<RefreshTokenProtector>();
        // One store object behind the four contracts, so a replacement of one contract (TryAdd) leaves the others alone.
        services.TryAddSingleton<PostgresInstallationStore>();
        services.TryAddSingleton<GuardedPostgresStore>();
        services.TryAddSingleton<IWixInstallationStore>(sp => sp.GetRequiredService<GuardedPostgresStore>());
        services.TryAddSingleton<IWixRefreshTokenStore>(sp => sp.GetRequiredService<GuardedPostgresStore>());
        services.TryAddSingleton<IWixAuthorizationCodeStore>(sp => sp.GetRequiredService<GuardedPostgresStore>());
        services.TryAddSingleton<IWixWebhookInbox>(sp => sp.GetRequiredService<GuardedPostgresStore>());
        services.TryAddSingleton(sp => new WixRefreshTokenReencryptor(
            sp.GetRequiredService<WixPostgresDataSource>(),
            sp.GetRequiredService<RefreshTokenProtector>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WixRefreshTokenReencryptor>>()));

        services.TryAddSingleton(sp => new WixInstallationImporter(
            sp.GetRequiredService<WixPostgresDataSource>(),
            sp.GetRequiredService<RefreshTokenProtector>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WixInstallationImporter>>()));

        services.TryAddSingleton(sp => new WixClientCredentialsMigrator(
            sp.GetRequiredService<WixPostgresDataSource>(),
            sp.GetRequiredService<IWixInstallationStore>(),
            sp.GetRequiredService<IWixTokenClient>(),
            sp.GetRequiredService<IOptions<WixAuthOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WixClientCredentialsMigrator>>()));

        services.TryAddSingleton(sp => new WixNotificationOutbox(sp.GetRequiredService<WixPostgresDataSource>()));

        services.TryAddSingleton(sp => new WixRefreshTokenQuarantine(
            sp.GetRequiredService<WixPostgresDataSource>(),
            sp.GetRequiredService<RefreshTokenProtector>(),
            sp.GetRequiredService<IWixTokenClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WixRefreshTokenQuarantine>>()));

        services.TryAddSingleton<PostgresXmlRepository>();
        services.AddWixKeyRingCertificateEncryption();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KeyManagementOptions>, ConfigureWixKeyManagement>());

        // The second-level token cache (a pass-through unless SharedTokenCache:Enabled) and the change listener.
        services.TryAddSingleton<SharedTokenRows>();
        services.TryAddSingleton<SharedTokenCacheMetrics>();
        services.TryAddSingleton<PostgresSharedTokenCache>();
        services.TryAddSingleton<IWixSharedTokenCache>(sp => sp.GetRequiredService<PostgresSharedTokenCache>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WixInstallationChangeListener>());

        services.TryAddSingleton<RotatedRefreshTokenWriteBack>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RotatedRefreshTokenWriteBack>(sp => sp.GetRequiredService<RotatedRefreshTokenWriteBack>()));

        services.TryAddSingleton<WixStoreRetentionService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WixStoreRetentionService>(sp => sp.GetRequiredService<WixStoreRetentionService>()));

        // Hosted services start in registration order: the migration goes first so nothing runs on an old schema.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(WixMigrationHostedService)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, WixMigrationHostedService>());
        }
    }
}
