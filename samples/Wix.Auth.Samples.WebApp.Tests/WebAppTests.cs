using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Wix.Auth.Simulator;

namespace Wix.Auth.Samples.WebApp.Tests;

/// <summary>
/// The app installed on a simulated site the way a site owner installs it, then serving its routes: Wix is the
/// <c>Wix.Auth.Simulator</c> package on loopback, the app runs on Kestrel, the store is the PostgreSQL database named
/// by <c>WIXAUTH_SAMPLE_POSTGRES</c> (an empty database of the team's own; the app migrates it).
/// </summary>
public sealed class WebAppTests(KeyCertificateFixture certificate) : IAsyncLifetime, IClassFixture<KeyCertificateFixture>
{
    private WixSimulator _wix = null!;
    private WebApplicationFactory<Program> _app = null!;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("WIXAUTH_SAMPLE_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("WIXAUTH_SAMPLE_POSTGRES must name an empty PostgreSQL database for the sample's store.");
        var port = FreePort();
        _baseUrl = new Uri($"http://127.0.0.1:{port}");
        _wix = await WixSimulator.StartAsync(new WixSimulatorOptions
        {
            AppUrl = new Uri(_baseUrl, "/oauth/install"),
            RedirectUrls = { new Uri(_baseUrl, "/oauth/callback").AbsoluteUri },
        });

        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Wix:AppId", _wix.Control.AppId);
            web.UseSetting("Wix:AppSecret", _wix.Control.AppSecret);
            web.UseSetting("Wix:PublicKey", _wix.Control.PublicKeyPem);
            web.UseSetting("Wix:ApiBaseUrl", _wix.BaseUrl.AbsoluteUri);
            web.UseSetting("Wix:InstallerBaseUrl", _wix.BaseUrl.AbsoluteUri);
            web.UseSetting("ConnectionStrings:WixAuth", connectionString);
            web.UseSetting("WixAuth:DataProtection:CertificatePath", certificate.Path);
            web.UseSetting("WixAuth:DataProtection:CertificatePassword", certificate.Password);
            web.UseSetting("App:PublicBaseUrl", _baseUrl.AbsoluteUri);
        });
        _app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _app.StartServer();
    }

    [Fact]
    public async Task A_site_owner_installs_the_app_and_it_calls_wix_for_that_site()
    {
        using var browser = new BrowserlessInstaller();

        var install = await browser.InstallAsync(_wix.CreateMarketInstallUrl());

        Assert.True(install.ReachedCloseWindow, $"{install.FinalUrl} {(int)install.FinalStatus}: {install.FinalBody}");
        var instanceId = Assert.Single(_wix.Control.CompletedInstalls);
        using var client = new HttpClient { BaseAddress = _baseUrl };
        using var response = await client.GetAsync(new Uri($"/instances/{instanceId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(instanceId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dashboard_user_is_recognised_and_may_elevate_but_a_visitor_may_not()
    {
        var instanceId = _wix.Control.CreateInstalledInstance();
        using var client = new HttpClient { BaseAddress = _baseUrl };

        using var anonymous = await client.GetAsync(new Uri("/api/settings", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var asUser = new HttpRequestMessage(HttpMethod.Get, "/api/settings");
        // Raw, without "Bearer": how @wix/dashboard's fetchWithAuth sends it.
        asUser.Headers.TryAddWithoutValidation("Authorization", _wix.Control.IssueSiteToken(instanceId, WixSimulatedSubjectType.User));
        using var settings = await client.SendAsync(asUser);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal(instanceId, await settings.Content.ReadAsStringAsync());

        using var sync = new HttpRequestMessage(HttpMethod.Post, "/api/sync");
        sync.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _wix.Control.IssueSiteToken(instanceId, WixSimulatedSubjectType.User));
        using var elevated = await client.SendAsync(sync);
        Assert.Equal(HttpStatusCode.OK, elevated.StatusCode);
        Assert.Equal(instanceId, await elevated.Content.ReadAsStringAsync());

        using var asVisitor = new HttpRequestMessage(HttpMethod.Get, "/api/settings");
        asVisitor.Headers.TryAddWithoutValidation("Authorization", _wix.Control.IssueSiteToken(instanceId, WixSimulatedSubjectType.Visitor));
        using var refused = await client.SendAsync(asVisitor);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_wix is not null)
        {
            await _wix.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
