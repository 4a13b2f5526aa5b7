using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// The local run as a new user meets it, in chromium: install from the App Market, find the installation on the landing
/// page, open its dashboard; then stop the simulator and the server (a separate process) and start both again on the
/// same ports, as <c>scripts/run.sh</c> does — the installation is still there and a token is still served from its
/// refresh token. Screenshots go to the test artefacts.
/// </summary>
public sealed class LocalRunRestartBrowserTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("wixauth-localrun-").FullName;
    private readonly string _apiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _appSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
    private readonly string _appId = Guid.NewGuid().ToString();
    private readonly string _certificatePassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly int _hostPort = FreePort.Next();
    private readonly int _simulatorPort = FreePort.Next();
    private PostgresDatabaseFixture _database = null!;
    private WixSimulator? _simulator;
    private HostProcess? _host;

    private Uri HostUrl => new($"http://127.0.0.1:{_hostPort}");

    private string CertificatePath => Path.Combine(_work, "key-encryption.pfx");

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        WixKeyEncryptionCertificate.CreateSelfSigned(CertificatePath, _certificatePassword);
        await StartAsync();
    }

    [Fact]
    public async Task Install_see_it_on_the_landing_page_open_its_dashboard_restart_and_the_token_is_still_served()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(_simulator!.CreateMarketInstallUrl().ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Agree & add" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/installer/close-window", StringComparison.Ordinal));
            var instanceId = Assert.Single(_simulator.Control.CompletedInstalls);

            await page.GotoAsync(HostUrl.ToString());
            var row = page.Locator("tr", new() { HasText = instanceId });
            await row.WaitForAsync();
            await Screenshot(page, "localrun-landing-page.png");
            await row.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/dashboard");
            var dashboard = await page.InnerTextAsync("main");
            Assert.Contains(instanceId, dashboard, StringComparison.Ordinal);
            Assert.Contains("Refresh token (advanced OAuth)", dashboard, StringComparison.Ordinal);
            await Screenshot(page, "localrun-dashboard.png");

            Assert.Equal("refresh_token", await TokenStrategyAsync(instanceId));

            await StopAsync();
            await StartAsync();

            Assert.Equal(0, _simulator.Control.Counters.RefreshToken);
            Assert.Equal("refresh_token", await TokenStrategyAsync(instanceId));
            Assert.Equal(1, _simulator.Control.Counters.RefreshToken);
            await page.GotoAsync(HostUrl.ToString());
            await page.Locator("tr", new() { HasText = instanceId }).WaitForAsync();
            await Screenshot(page, "localrun-landing-page-after-restart.png");
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        await _database.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, name), FullPage = true });

    private async Task<string?> TokenStrategyAsync(string instanceId)
    {
        using var client = new HttpClient { BaseAddress = HostUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString();
    }

    /// <summary>The simulator (state in a file) and the server process, on the same ports every time.</summary>
    private async Task StartAsync()
    {
        var options = new WixSimulatorOptions
        {
            AppId = _appId,
            AppSecret = _appSecret,
            AppName = "Wix.Auth local run test",
            Urls = $"http://127.0.0.1:{_simulatorPort}",
            AppUrl = new Uri(HostUrl, "/oauth/install"),
            WebhookUrl = new Uri(HostUrl, "/webhooks/wix"),
            DashboardUrl = new Uri(HostUrl, "/dashboard"),
            KeyPairPath = Path.Combine(_work, "simulator-webhook-key.pem"),
            StatePath = Path.Combine(_work, "simulator-state.json"),
        };
        options.RedirectUrls.Add(new Uri(HostUrl, "/oauth/callback").ToString());
        _simulator = await WixSimulator.StartAsync(options);
        _host = await HostProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Wix:AppId"] = _appId,
                ["Wix:AppSecret"] = _appSecret,
                ["Wix:PublicKey"] = _simulator.Control.PublicKeyPem,
                ["Wix:ApiBaseUrl"] = _simulator.BaseUrl.ToString(),
                ["Wix:InstallerBaseUrl"] = _simulator.BaseUrl.ToString(),
                ["WixAuth:PublicBaseUrl"] = HostUrl.ToString().TrimEnd('/'),
                ["WixAuth:ApiKeys:0"] = _apiKey,
                ["WixAuth:DataProtection:CertificatePath"] = CertificatePath,
                ["WixAuth:DataProtection:CertificatePassword"] = _certificatePassword,
                ["ConnectionStrings:WixAuth"] = _database.ConnectionString,
            },
            _hostPort);
    }

    private async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
            _simulator = null;
        }
    }
}
