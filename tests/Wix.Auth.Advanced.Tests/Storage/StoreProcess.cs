using Wix.Auth.PostgreSql;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// A separately built and started host using the store: two of these on one database behave like two server
/// processes (own service provider, own key ring cache, own connection pool).
/// </summary>
internal sealed class StoreProcess : IAsyncDisposable
{
    private readonly IHost _host;

    private StoreProcess(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IWixInstallationStore Store => Services.GetRequiredService<IWixInstallationStore>();

    public IWixRefreshTokenStore RefreshTokens => Services.GetRequiredService<IWixRefreshTokenStore>();

    public IWixAuthorizationCodeStore Codes => Services.GetRequiredService<IWixAuthorizationCodeStore>();

    public IWixWebhookInbox Inbox => Services.GetRequiredService<IWixWebhookInbox>();

    public IKeyManager KeyManager => Services.GetRequiredService<IKeyManager>();

    public WixRefreshTokenReencryptor Reencryptor => Services.GetRequiredService<WixRefreshTokenReencryptor>();

    public static IHost Build(
        string connectionString, string? certificatePath, string environment = "Production", TimeProvider? time = null, string? contentRoot = null,
        Action<WixPostgresStoreOptions>? configure = null, Action<HostApplicationBuilder>? configureHost = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = environment,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WixAuth:DataProtection:CertificatePath"] = certificatePath,
            ["WixAuth:DataProtection:CertificatePassword"] = certificatePath is null ? null : TestCertificate.Password,
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(time ?? new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        Microsoft.Extensions.DependencyInjection.WixPostgresStoreBuilderExtensions.AddPostgresStoreServices(
            builder.Services, o =>
            {
                o.ConnectionString = connectionString;
                configure?.Invoke(o);
            });
        configureHost?.Invoke(builder);
        return builder.Build();
    }

    public static async Task<StoreProcess> StartAsync(
        string connectionString, TimeProvider? time = null, string? contentRoot = null, Action<WixPostgresStoreOptions>? configure = null,
        Action<HostApplicationBuilder>? configureHost = null)
    {
        var host = Build(connectionString, TestCertificate.Path, time: time, contentRoot: contentRoot, configure: configure, configureHost: configureHost);
        await host.StartAsync();
        return new StoreProcess(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
