using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>The optional detour through the app's own onboarding page, back with a signed one-time ticket.</summary>
public sealed class OnboardingTests(OnboardingTests.Fixture fixture) : IClassFixture<OnboardingTests.Fixture>, IAsyncLifetime
{
    public static readonly Uri OnboardingUrl = new("https://onboarding.example.test/welcome");

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Callback_sends_the_owner_to_onboarding_and_the_ticket_finishes_with_close_window_once()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        using var toOnboarding = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Found, toOnboarding.StatusCode);
        var location = toOnboarding.Headers.Location!;
        Assert.Equal(OnboardingUrl.AbsoluteUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(QueryHelpers.ParseQuery(callback.Query)["instanceId"], query["instanceId"]);
        Assert.Equal(1, await fixture.InstallationCountAsync());

        var complete = new Uri(fixture.App.BaseUrl, "/oauth/complete?ticket=" + Uri.EscapeDataString(query["ticket"].ToString()));
        using var finish = await browser.GetAsync(complete);
        Assert.Equal(HttpStatusCode.Found, finish.StatusCode);
        Assert.Equal(new Uri(fixture.Simulator.BaseUrl, "/installer/close-window").AbsoluteUri, finish.Headers.Location!.GetLeftPart(UriPartial.Path));

        // The handshake's access token was still fresh: close-window got it, no new token was minted for it.
        Assert.Equal(0, fixture.Simulator.Control.Counters.RefreshToken + fixture.Simulator.Control.Counters.ClientCredentials);
        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);
        using (var closed = await browser.GetAsync(finish.Headers.Location!))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        using var replay = await browser.GetAsync(complete);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("invalid, expired or was already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_or_expired_ticket_is_refused()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        using var toOnboarding = await browser.GetAsync(callback);
        var ticket = QueryHelpers.ParseQuery(toOnboarding.Headers.Location!.Query)["ticket"].ToString();

        using var forged = await browser.GetAsync(new Uri(fixture.App.BaseUrl, "/oauth/complete?ticket=" + Uri.EscapeDataString(ticket[..^2] + "xx")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        fixture.App.Time.Advance(TimeSpan.FromHours(2));
        using var expired = await browser.GetAsync(new Uri(fixture.App.BaseUrl, "/oauth/complete?ticket=" + Uri.EscapeDataString(ticket)));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("invalid, expired or was already used", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_carried_to_another_browser_is_refused_there_and_still_works_in_the_browser_that_installed()
    {
        using var owner = new BrowserlessInstaller();
        var callback = await owner.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        using var toOnboarding = await owner.GetAsync(callback);
        var binding = Assert.Single(toOnboarding.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Wix.Auth.Onboarding.", StringComparison.Ordinal));
        Assert.Contains("httponly", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", binding, StringComparison.OrdinalIgnoreCase);
        var complete = CompleteUrl(toOnboarding);

        using var elsewhere = new BrowserlessInstaller();
        using var stolen = await elsewhere.GetAsync(complete);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Null(stolen.Headers.Location);
        Assert.Contains(fixture.App.Logs.GetSnapshot(), r => r.Id.Id == 3208 && r.Message.Contains("not_bound_to_this_browser", StringComparison.Ordinal));

        using var finish = await owner.GetAsync(complete);
        Assert.Equal(HttpStatusCode.Found, finish.StatusCode);
    }

    [Fact]
    public async Task After_a_long_onboarding_the_complete_step_mints_one_fresh_access_token_for_close_window()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        using var toOnboarding = await browser.GetAsync(callback);

        // Longer than the legacy access token lives (5 minutes), shorter than the ticket (1 hour).
        fixture.App.Time.Advance(TimeSpan.FromMinutes(20));
        using var finish = await browser.GetAsync(CompleteUrl(toOnboarding));

        Assert.Equal(HttpStatusCode.Found, finish.StatusCode);
        Assert.Equal(1, fixture.Simulator.Control.Counters.RefreshToken);
    }

    private Uri CompleteUrl(HttpResponseMessage toOnboarding) =>
        new(fixture.App.BaseUrl, "/oauth/complete?ticket=" + Uri.EscapeDataString(QueryHelpers.ParseQuery(toOnboarding.Headers.Location!.Query)["ticket"].ToString()));

    /// <summary>The app with an onboarding URL configured.</summary>
    public sealed class Fixture : AdvancedAppFixture
    {
        protected override void Configure(WixOAuthOptions options) => options.OnboardingUrl = OnboardingUrl;
    }
}
