using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Advanced.Tests.Storage;
using Wix.Auth.Simulator;

namespace Wix.Auth.Advanced.Tests.Framework;

/// <summary>
/// A small app on Kestrel (127.0.0.1, real HTTP) embedding the library the way a host would: AddWixAuth,
/// AddClientCredentials, AddPostgresStore, AddAdvancedOAuth, MapWixOAuth — against a running simulator.
/// </summary>
internal sealed class AdvancedApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdvancedApp(WebApplication app, Uri baseUrl, FakeTimeProvider time)
    {
        _app = app;
        BaseUrl = baseUrl;
        Time = time;
    }

    public Uri BaseUrl { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public Uri InstallUrl => new(BaseUrl, "/oauth/install");

    public Uri CallbackUrl => new(BaseUrl, "/oauth/callback");

    public IWixInstallationStore Store => Services.GetRequiredService<IWixInstallationStore>();

    public IWixRefreshTokenStore RefreshTokens => Services.GetRequiredService<IWixRefreshTokenStore>();

    public IWixAuthStrategy Strategy => Services.GetRequiredService<IWixAuthStrategy>();

    public IWixTokenManager Tokens => Services.GetRequiredService<IWixTokenManager>();

    /// <summary>Every log record of the app since start (or the last <c>Clear</c>).</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Starts the app and registers its App URL and Redirect URL with the simulator.</summary>
    public static async Task<AdvancedApp> StartAsync(
        WixSimulator simulator, string connectionString, Action<WixOAuthOptions>? configure = null,
        Action<IServiceCollection>? configureServices = null)
    {
        // The redirect URL must be known before start (it is validated configuration), so the port is chosen first.
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(baseUrl.AbsoluteUri);
        builder.Logging.ClearProviders();
        // Captured, not printed: security tests assert which events were logged (and that none carries a secret).
        builder.Logging.AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WixAuth:DataProtection:CertificatePath"] = TestCertificate.Path,
            ["WixAuth:DataProtection:CertificatePassword"] = TestCertificate.Password,
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddWixAuth(o =>
            {
                o.AppId = simulator.Control.AppId;
                o.AppSecret = simulator.Control.AppSecret;
                o.ApiBaseUrl = simulator.BaseUrl;
                o.InstallerBaseUrl = simulator.BaseUrl;
                // Retry delays run on the app's TimeProvider, which is frozen here: a retry would wait forever.
                // Retries are the token client's concern and are tested in Wix.Auth.Core.Tests.
                o.MaxRetryAttempts = 0;
            })
            .AddClientCredentials()
            .AddPostgresStore(o => o.ConnectionString = connectionString)
            .AddAdvancedOAuth(o =>
            {
                o.PublicBaseUrl = baseUrl;
                o.RequireHttpsCookies = false;
                configure?.Invoke(o);
            });
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapWixOAuth();
        await app.StartAsync();

        simulator.Options.AppUrl = new Uri(baseUrl, "/oauth/install");
        simulator.Options.RedirectUrls.Add(new Uri(baseUrl, "/oauth/callback").AbsoluteUri);
        return new AdvancedApp(app, baseUrl, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
