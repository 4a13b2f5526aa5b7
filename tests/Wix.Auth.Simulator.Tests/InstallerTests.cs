using System.Net;
using System.Text.Json;
using System.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Simulator.Tests;

/// <summary>The browser side: App Market link, consent page, redirect to the app, close-window, webhooks.</summary>
public sealed class InstallerTests : IAsyncLifetime
{
    private WixSimulator _wix = null!;
    private MinimalApp _app = null!;
    private HttpClient _client = null!;

    private WixSimulatorControl Control => _wix.Control;

    public async Task InitializeAsync()
    {
        var options = new WixSimulatorOptions();
        options.WebhookRetryDelays.Clear();
        options.WebhookRetryDelays.Add(TimeSpan.FromMilliseconds(50));
        _wix = await WixSimulator.StartAsync(options);
        _app = await MinimalApp.StartAsync(_wix);
        options.AppUrl = _app.AppUrl;
        options.RedirectUrls.Add(_app.RedirectUrl.ToString());
        options.WebhookUrl = _app.WebhookUrl;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = _wix.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _wix.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Market_install_runs_the_whole_handshake_and_sends_AppInstalled()
    {
        using var browser = new BrowserlessInstaller();

        var result = await browser.InstallAsync(Control.CreateMarketInstallUrl());

        Assert.True(result.ReachedCloseWindow, result.FinalBody);
        Assert.Contains("You can close this window", result.FinalBody, StringComparison.Ordinal);
        var callback = HttpUtility.ParseQueryString(result.CallbackUrl!.Query);
        var instanceId = callback["instanceId"]!;
        Assert.Equal("s-1", callback["state"]);
        Assert.True(Control.IsInstalled(instanceId));
        Assert.True(Control.IsRefreshTokenActive(_app.RefreshTokens[instanceId]));
        Assert.Contains(instanceId, Control.CompletedInstalls);
        var delivery = await Control.WaitForWebhookAsync("AppInstalled", instanceId, TimeSpan.FromSeconds(10));
        Assert.Equal(200, delivery.StatusCode);
        var jwt = new JsonWebToken(Assert.Single(_app.Webhooks));
        var envelope = JsonDocument.Parse(jwt.GetClaim("data").Value).RootElement;
        Assert.Equal(instanceId, envelope.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Install_started_outside_wix_creates_a_new_site()
    {
        using var browser = new BrowserlessInstaller();

        var first = await browser.InstallAsync(_app.AppUrl);
        var second = await browser.InstallAsync(_app.AppUrl);

        Assert.True(first.ReachedCloseWindow, first.FinalBody);
        Assert.True(second.ReachedCloseWindow, second.FinalBody);
        Assert.NotEqual(
            HttpUtility.ParseQueryString(first.CallbackUrl!.Query)["instanceId"],
            HttpUtility.ParseQueryString(second.CallbackUrl!.Query)["instanceId"]);
    }

    [Fact]
    public async Task Reinstall_from_the_market_keeps_the_instance_and_sends_AppInstalled_again()
    {
        var instanceId = Control.CreateInstalledInstance();
        Control.Uninstall(instanceId);
        using var browser = new BrowserlessInstaller();

        var result = await browser.InstallAsync(Control.CreateMarketInstallUrl(instanceId));

        Assert.True(result.ReachedCloseWindow, result.FinalBody);
        Assert.Equal(instanceId, HttpUtility.ParseQueryString(result.CallbackUrl!.Query)["instanceId"]);
        Assert.True(Control.IsInstalled(instanceId));
        await Control.WaitForWebhookAsync("AppRemoved", instanceId, TimeSpan.FromSeconds(10));
        await Control.WaitForWebhookAsync("AppInstalled", instanceId, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Consent_page_names_the_app_and_has_the_agree_button()
    {
        using var response = await _client.GetAsync(InstallPath(_app.RedirectUrl.ToString()));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Sample App", html, StringComparison.Ordinal);
        Assert.Contains(">Agree &amp; add</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_redirect_omits_state_when_none_was_given()
    {
        using var browser = new BrowserlessInstaller();
        var start = new Uri(_wix.BaseUrl, $"/installer/install?appId={Control.AppId}&redirectUrl={Uri.EscapeDataString(_app.RedirectUrl.ToString())}");

        var result = await browser.InstallAsync(start);

        // The minimal app insists on its state, so it refuses this callback; what matters is what the simulator sent.
        var callback = HttpUtility.ParseQueryString(result.CallbackUrl!.Query);
        Assert.Null(callback["state"]);
        Assert.False(string.IsNullOrEmpty(callback["code"]));
        Assert.False(string.IsNullOrEmpty(callback["instanceId"]));
    }

    [Fact]
    public async Task Unregistered_redirect_url_gets_an_error_page()
    {
        using var response = await _client.GetAsync(InstallPath("https://evil.example/callback"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("couldn't find an app with this redirect url", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_app_id_gets_an_error_page()
    {
        using var response = await _client.GetAsync($"/installer/install?appId={Guid.NewGuid()}&redirectUrl={Uri.EscapeDataString(_app.RedirectUrl.ToString())}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_market_token_gets_an_error_page()
    {
        using var response = await _client.GetAsync(InstallPath(_app.RedirectUrl.ToString()) + "&token=made-up");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Reused_market_token_gets_an_error_page()
    {
        using var market = await _client.GetAsync(Control.CreateMarketInstallUrl());
        var token = HttpUtility.ParseQueryString(market.Headers.Location!.Query)["token"]!;
        using var browser = new BrowserlessInstaller();
        var first = await browser.InstallAsync(new Uri(_app.AppUrl + "?token=" + Uri.EscapeDataString(token)));

        using var replay = await _client.GetAsync(InstallPath(_app.RedirectUrl.ToString()) + "&token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Redirect, market.StatusCode);
        Assert.StartsWith(_app.AppUrl.ToString(), market.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.True(first.ReachedCloseWindow, first.FinalBody);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task Close_window_rejects_an_unknown_access_token()
    {
        using var response = await _client.GetAsync("/installer/close-window?access_token=OauthNG.JWS.nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Control.CompletedInstalls);
    }

    [Fact]
    public async Task Failed_webhook_is_delivered_again_on_the_retry_schedule()
    {
        Interlocked.Exchange(ref _app.WebhookFailuresLeft, 1);
        var instanceId = Control.CreateInstalledInstance();

        Control.Uninstall(instanceId);
        var delivered = await Control.WaitForWebhookAsync("AppRemoved", instanceId, TimeSpan.FromSeconds(10));

        Assert.Equal(2, delivered.Attempt);
        var first = Control.WebhookDeliveries.First(d => d.InstanceId == instanceId && d.Attempt == 1);
        Assert.Equal(500, first.StatusCode);
        Assert.Equal(2, _app.Webhooks.Count);
    }

    [Fact]
    public async Task Market_page_links_to_the_install()
    {
        var html = await _client.GetStringAsync("/_simulator/market");

        Assert.Contains("href=\"/_simulator/market/install\"", html, StringComparison.Ordinal);
        Assert.Contains(">Install</a>", html, StringComparison.Ordinal);
    }

    private string InstallPath(string redirectUrl) =>
        $"/installer/install?appId={Control.AppId}&redirectUrl={Uri.EscapeDataString(redirectUrl)}";

    [Fact]
    public async Task Browser_can_stop_at_the_callback_and_the_code_works_once()
    {
        using var browser = new BrowserlessInstaller();

        var callback = await browser.RedirectToCallbackAsync(Control.CreateMarketInstallUrl());
        using var first = await browser.GetAsync(callback);
        using var replay = await browser.GetAsync(callback);

        Assert.StartsWith(_app.RedirectUrl.ToString(), callback.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("/installer/close-window", first.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, replay.StatusCode);
    }

    [Fact]
    public async Task Any_event_can_be_sent_and_arrives_signed()
    {
        var instanceId = Control.CreateInstalledInstance();

        Control.SendWebhook("PaidPlanPurchased", instanceId, """{"vendorProductId":"pro","cycle":"MONTHLY"}""");
        await Control.WaitForWebhookAsync("PaidPlanPurchased", instanceId, TimeSpan.FromSeconds(10));

        var jwt = new JsonWebToken(Assert.Single(_app.Webhooks));
        var envelope = JsonDocument.Parse(jwt.GetClaim("data").Value).RootElement;
        Assert.Equal("PaidPlanPurchased", envelope.GetProperty("eventType").GetString());
        Assert.Equal("pro", JsonDocument.Parse(envelope.GetProperty("data").GetString()!).RootElement.GetProperty("vendorProductId").GetString());
    }
}
