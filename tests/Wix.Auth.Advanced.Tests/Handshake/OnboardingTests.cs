using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Wix.Auth.Advanced.Tests.Framework;

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
        using var browser = new TestBrowser();
        var callback = await browser.RunUntilCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

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

        using var replay = await browser.GetAsync(complete);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("invalid, expired or was already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_or_expired_ticket_is_refused()
    {
        using var browser = new TestBrowser();
        var callback = await browser.RunUntilCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        using var toOnboarding = await browser.GetAsync(callback);
        var ticket = QueryHelpers.ParseQuery(toOnboarding.Headers.Location!.Query)["ticket"].ToString();

        using var forged = await browser.GetAsync(new Uri(fixture.App.BaseUrl, "/oauth/complete?ticket=" + Uri.EscapeDataString(ticket[..^2] + "xx")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        fixture.App.Time.Advance(TimeSpan.FromHours(2));
        using var expired = await browser.GetAsync(new Uri(fixture.App.BaseUrl, "/oauth/complete?ticket=" + Uri.EscapeDataString(ticket)));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("invalid, expired or was already used", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The app with an onboarding URL configured.</summary>
    public sealed class Fixture : AdvancedAppFixture
    {
        protected override void Configure(WixAdvancedOAuthOptions options) => options.OnboardingUrl = OnboardingUrl;
    }
}
