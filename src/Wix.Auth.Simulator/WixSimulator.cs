using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wix.Auth.Simulator.Endpoints;
using Wix.Auth.Simulator.Internal;
using Wix.Auth.Simulator.Internal.Persistence;

namespace Wix.Auth.Simulator;

/// <summary>A local Wix on a real loopback port: OAuth endpoints, the installer, webhooks and fault injection.</summary>
public sealed class WixSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WixSimulator(WebApplication app, WixSimulatorControl control, Uri baseUrl)
    {
        _app = app;
        Control = control;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the simulator listens; it serves both the API host and the installer host paths.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The options it was started with.</summary>
    public WixSimulatorOptions Options => Control.Options;

    /// <summary>State, faults, counters and signing.</summary>
    public WixSimulatorControl Control { get; }

    /// <summary>The App Market link that starts an install (or a reinstall on <paramref name="instanceId"/>'s site).</summary>
    public Uri CreateMarketInstallUrl(string? instanceId = null) => Control.CreateMarketInstallUrl(BaseUrl, instanceId);

    /// <summary>Stops the simulator.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Starts a simulator on the options' URLs (port 0 picks a free port).</summary>
    public static async Task<WixSimulator> StartAsync(WixSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = Build(options, []);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var baseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        var control = app.Services.GetRequiredService<WixSimulatorControl>();
        control.BaseUrl = baseUrl;
        return new WixSimulator(app, control, baseUrl);
    }

    /// <summary>Composes the simulator app; used by <see cref="StartAsync"/> and by the standalone program.</summary>
    internal static WebApplication Build(WixSimulatorOptions options, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var key = LoadOrCreateKey(options.KeyPairPath);
        if (options.PublicKeyOutputPath is { } publicKeyPath)
        {
            File.WriteAllText(publicKeyPath, key.ExportSubjectPublicKeyInfoPem());
        }

        var control = new WixSimulatorControl(options, key);
        builder.Services.AddSingleton(control);
        if (options.StatePath is { } statePath)
        {
            var stateFile = new SimulatorStateFile(statePath);
            if (stateFile.Load(options.AppId) is { } saved)
            {
                control.RestoreState(saved);
            }

            builder.Services.AddSingleton(stateFile);
            builder.Services.AddHostedService<SimulatorStateSaver>();
        }

        builder.Services.AddSingleton(key);
        builder.Services.AddHttpClient<WebhookSender>().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        var app = builder.Build();
        var sender = app.Services.GetRequiredService<WebhookSender>();
        control.WebhookDispatcher = sender.SendAsync;
        app.Use(async (context, next) =>
        {
            context.Response.Headers["x-wix-request-id"] = Guid.NewGuid().ToString("N");
            await next(context).ConfigureAwait(false);
        });
        app.MapOAuthEndpoints();
        app.MapInstallerEndpoints();
        app.MapAppsEndpoints();
        app.MapControlEndpoints();
        app.MapSiteDashboardEndpoints();
        app.MapIdentityEndpoints();
        return app;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static RSA LoadOrCreateKey(string? path)
    {
        var rsa = RSA.Create(2048);
        if (path is null)
        {
            return rsa;
        }

        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return rsa;
        }

        File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        return rsa;
    }
}
