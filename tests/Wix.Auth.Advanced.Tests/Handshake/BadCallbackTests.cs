using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>Every bad input at the callback: a 4xx, a clear small page, and nothing stored.</summary>
public sealed class BadCallbackTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private const int StateRejectedEventId = 3211;

    private AdvancedApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Missing_state_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        await AssertRefusedAsync(browser, Without(callback, "state"), HttpStatusCode.BadRequest, "has no state parameter");
    }

    [Fact]
    public async Task Forged_state_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        var state = QueryHelpers.ParseQuery(callback.Query)["state"].ToString();
        var forged = state[..^4] + (state[^4] == 'A' ? 'B' : 'A') + state[^3..];

        await AssertRefusedAsync(browser, With(callback, "state", forged), HttpStatusCode.BadRequest, "state is invalid");

        // A forged state is what a CSRF attempt looks like: a security event with its stable ID, for alerting (H2).
        var alert = Assert.Single(App.Logs.GetSnapshot(), r => r.Id.Id == StateRejectedEventId);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, alert.Level);
        Assert.Contains("StateInvalid", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_state_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        App.Time.Advance(TimeSpan.FromMinutes(11));

        await AssertRefusedAsync(browser, callback, HttpStatusCode.BadRequest, "took too long and expired");
    }

    [Fact]
    public async Task Replayed_state_is_refused_after_a_completed_install()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        using (var first = await browser.GetAsync(callback))
        {
            Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        }

        using var replay = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);
        Assert.Equal(1, await fixture.InstallationCountAsync());
    }

    [Fact]
    public async Task Callback_from_another_browser_without_the_correlation_cookie_is_refused()
    {
        using var victim = new BrowserlessInstaller();
        var callback = await victim.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        using var attacker = new BrowserlessInstaller();

        await AssertRefusedAsync(attacker, callback, HttpStatusCode.BadRequest, "not started in this browser");
    }

    [Fact]
    public async Task Missing_code_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        await AssertRefusedAsync(browser, Without(callback, "code"), HttpStatusCode.BadRequest, "did not send an authorization code");
    }

    [Fact]
    public async Task Missing_instance_id_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        await AssertRefusedAsync(browser, Without(callback, "instanceId"), HttpStatusCode.BadRequest, "did not send an instance ID");
    }

    [Fact]
    public async Task Code_rejected_by_wix_is_refused_and_stores_no_installation()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        using var response = await browser.GetAsync(With(callback, "code", "not-a-code-wix-issued"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("rejected the authorization code", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, fixture.Simulator.Control.Counters.AuthorizationCode);
        Assert.Equal(0, await fixture.InstallationCountAsync());
    }

    [Fact]
    public async Task Access_denied_from_wix_gets_its_own_page()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        var denied = With(Without(Without(callback, "code"), "instanceId"), "error", "access_denied");

        await AssertRefusedAsync(browser, denied, HttpStatusCode.Forbidden, "You cancelled the install");
    }

    [Fact]
    public async Task Other_error_from_wix_is_refused_and_its_code_is_shown_encoded()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        const string Hostile = "server_error\"><script>alert(1)</script>";
        var error = With(With(callback, "error", Hostile), "error_description", "<img src=x onerror=alert(2)>");

        var body = await AssertRefusedAsync(browser, error, HttpStatusCode.BadRequest, "Wix reported an error");

        // The error code is reflected (it helps support), HTML-encoded; the description is not shown at all.
        Assert.Contains("<code>server_error&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_parameter_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        await AssertRefusedAsync(browser, With(callback, "code", new string('c', 3000)), HttpStatusCode.BadRequest, "malformed or too long");
    }

    [Fact]
    public async Task Malformed_instance_id_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        await AssertRefusedAsync(browser, With(callback, "instanceId", "../../etc"), HttpStatusCode.BadRequest, "malformed or too long");
    }

    [Fact]
    public async Task Repeated_parameter_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        await AssertRefusedAsync(browser, new Uri(callback.AbsoluteUri + "&state=second"), HttpStatusCode.BadRequest, "malformed or too long");
    }

    [Fact]
    public async Task Oversized_token_at_the_app_url_is_refused()
    {
        using var browser = new BrowserlessInstaller();

        using var response = await browser.GetAsync(new Uri(App.InstallUrl, "?token=" + new string('t', 3000)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed or too long", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(browser.Cookies.GetAllCookies());
    }

    private async Task<string> AssertRefusedAsync(BrowserlessInstaller browser, Uri url, HttpStatusCode status, string message)
    {
        using var response = await browser.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.True(body.Length < 2048, "The error page should be small.");
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(0, fixture.Simulator.Control.Counters.AuthorizationCode);
        Assert.Equal(0, await fixture.InstallationCountAsync());
        return body;
    }

    private static Uri With(Uri url, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[name] = value;
        return new Uri(QueryHelpers.AddQueryString(url.GetLeftPart(UriPartial.Path), query));
    }

    private static Uri Without(Uri url, string name)
    {
        var query = QueryHelpers.ParseQuery(url.Query).Where(p => p.Key != name).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        return new Uri(QueryHelpers.AddQueryString(url.GetLeftPart(UriPartial.Path), query));
    }
}
