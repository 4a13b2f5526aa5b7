using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Composition;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>
/// The real thing on loopback: a fresh PostgreSQL database, the Wix simulator, and the host on Kestrel at
/// 127.0.0.1, wired to each other exactly as scripts/run.sh wires them. Logs are captured at Trace level.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private readonly string _workDirectory = Directory.CreateTempSubdirectory("wixauth-host-tests-").FullName;
    private WebApplication? _host;

    internal PostgresDatabaseFixture Database { get; private set; } = null!;

    public WixSimulator Simulator { get; private set; } = null!;

    public Uri HostUrl { get; private set; } = null!;

    public string ApiKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    internal CapturedLogs Logs { get; } = new();

    /// <summary>Every secret the tests mint or learn (for the canary scan).</summary>
    internal SecretRegistry Secrets { get; } = new();

    public IServiceProvider Services => _host!.Services;

    internal string CertificatePath => Path.Combine(_workDirectory, "key-encryption.pfx");

    internal string CertificatePassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        WixKeyEncryptionCertificate.CreateSelfSigned(CertificatePath, CertificatePassword);
        var port = FreePort.Next();
        HostUrl = new Uri($"http://127.0.0.1:{port}");
        var options = new WixSimulatorOptions
        {
            AppUrl = new Uri(HostUrl, "/oauth/install"),
            WebhookUrl = new Uri(HostUrl, "/webhooks/wix"),
            AppName = "Wix.Auth test app",
            DashboardUrl = new Uri(HostUrl, "/dashboard"),
        };
        options.RedirectUrls.Add(new Uri(HostUrl, "/oauth/callback").ToString());
        Simulator = await WixSimulator.StartAsync(options);
        Secrets.Add(Simulator.Control.AppSecret);
        Secrets.Add(ApiKey);
        Secrets.Add(CertificatePassword);

        _host = WixAuthServer.Build(Arguments, builder =>
        {
            builder.WebHost.UseUrls(HostUrl.ToString());
            builder.Configuration.AddInMemoryCollection(Settings());
            builder.Configuration.AddInMemoryCollection(ExtraSettings);

            // Trace for every category, overriding the levels in the host's appsettings.json: the canary must see everything.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
                ["Logging:LogLevel:Npgsql"] = "Trace",
            });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(Logs);
            ConfigureServer(builder);
        });
        await _host.StartAsync();
    }

    /// <summary>Command-line arguments of the host (a derived fixture may choose the environment).</summary>
    protected virtual string[] Arguments => [];

    /// <summary>Services a derived fixture adds to the server (after the server's own).</summary>
    protected virtual void ConfigureServer(WebApplicationBuilder builder)
    {
    }

    /// <summary>Settings a derived fixture adds for its tests.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    /// <summary>The host's configuration, as environment-style keys (also used for host processes).</summary>
    internal Dictionary<string, string?> Settings() => new()
    {
        ["Wix:AppId"] = Simulator.Control.AppId,
        ["Wix:AppSecret"] = Simulator.Control.AppSecret,
        ["Wix:PublicKey"] = Simulator.Control.PublicKeyPem,
        ["Wix:ApiBaseUrl"] = Simulator.BaseUrl.ToString(),
        ["Wix:InstallerBaseUrl"] = Simulator.BaseUrl.ToString(),
        ["WixAuth:PublicBaseUrl"] = HostUrl.ToString().TrimEnd('/'),
        ["WixAuth:ApiKeys:0"] = ApiKey,
        ["WixAuth:DataProtection:CertificatePath"] = CertificatePath,
        ["WixAuth:DataProtection:CertificatePassword"] = CertificatePassword,
        // A pool of 50 rather than the store's default 20: some tests send bursts of concurrent requests.
        ["ConnectionStrings:WixAuth"] = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = 50 }.ConnectionString,
    };

    /// <summary>A client for the host that does not follow redirects and sends no key unless asked.</summary>
    public HttpClient CreateClient(bool withApiKey = false)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = HostUrl };
        if (withApiKey)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Directory.Delete(_workDirectory, recursive: true);
    }
}
