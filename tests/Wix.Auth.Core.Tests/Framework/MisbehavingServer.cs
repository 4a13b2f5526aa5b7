using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wix.Auth.Core.Tests.Framework;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers token requests the way a broken or hostile Wix could
/// (redirects, oversized or malformed bodies) — cases the faithful simulator never produces.
/// </summary>
public sealed class MisbehavingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private MisbehavingServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How many requests reached this server.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<MisbehavingServer> StartAsync(RequestDelegate respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new MisbehavingServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            return respond(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
