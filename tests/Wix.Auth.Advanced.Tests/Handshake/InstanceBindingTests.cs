using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>
/// The callback's <c>instanceId</c> is plain text from the browser: an install binds only to the instance Wix issued
/// the code for, as Token Info tells it about the new access token (issue #10, checklist A7/B3).
/// </summary>
public sealed class InstanceBindingTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    /// <summary><c>AdvancedLog.InstanceMismatch</c>: the stable ID an operator alerts on.</summary>
    private const int InstanceMismatchEventId = 3209;

    /// <summary><c>AdvancedLog.InstanceUnverified</c>.</summary>
    private const int InstanceUnverifiedEventId = 3210;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_attacker_who_swaps_the_instance_id_for_a_victims_is_refused_and_the_victim_keeps_its_refresh_token()
    {
        var (victimId, victimRefreshToken) = await InstallVictimAsync();

        // The attacker installs on their own simulated site and stops before our callback ...
        using var attacker = new BrowserlessInstaller();
        var callback = await attacker.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        var query = QueryHelpers.ParseQuery(callback.Query);
        var attackerId = query["instanceId"].ToString();
        var code = query["code"].ToString();
        Assert.NotEqual(victimId, attackerId);

        // ... and sends it with their own valid state and correlation cookie, but the victim's instance ID.
        using var response = await attacker.GetAsync(WithInstanceId(callback, victimId));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("does not belong to the site", body, StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);

        // Nothing stored for anyone, nothing changed about the victim.
        Assert.Equal(1, await fixture.InstallationCountAsync());
        Assert.Null(await fixture.App.Store.FindAsync(attackerId, CancellationToken.None));
        var victim = await fixture.App.Store.FindAsync(victimId, CancellationToken.None);
        Assert.NotNull(victim);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, victim.Strategy);
        Assert.Null(victim.LastErrorCode);
        await using (var lease = await fixture.App.RefreshTokens.AcquireRefreshLeaseAsync(victimId, CancellationToken.None))
        {
            Assert.Equal(victimRefreshToken, lease.RefreshToken);
        }

        Assert.True(fixture.Simulator.Control.IsRefreshTokenActive(victimRefreshToken));

        // A security event with a stable ID, naming both instances and neither the code nor a token.
        var refused = Assert.Single(fixture.App.Logs.GetSnapshot(), r => r.Id.Id == InstanceMismatchEventId);
        Assert.Contains(victimId, refused.Message, StringComparison.Ordinal);
        Assert.Contains(attackerId, refused.Message, StringComparison.Ordinal);
        // Our own events only: ASP.NET Core's hosting log prints request URLs, which the Host replaces (RequestLogging).
        Assert.All(
            fixture.App.Logs.GetSnapshot().Where(r => r.Category?.StartsWith("Wix.Auth", StringComparison.Ordinal) == true),
            r => Assert.DoesNotContain(code, r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_info_naming_another_app_for_the_exchanged_token_is_refused_with_403_and_nothing_is_stored()
    {
        var (victimId, victimRefreshToken) = await InstallVictimAsync();
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl(victimId));
        var otherApp = Guid.NewGuid().ToString();
        fixture.Simulator.Control.AnswerNextTokenInfoRequestsAsApp(1, otherApp);

        // The instance is the right one; only the app the token was issued to is not ours.
        using var response = await browser.GetAsync(callback);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("does not belong to the site", body, StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
        Assert.Equal(2, fixture.Simulator.Control.Counters.TokenInfo); // the victim's install, then this callback
        Assert.Equal(1, await fixture.InstallationCountAsync());
        await using (var lease = await fixture.App.RefreshTokens.AcquireRefreshLeaseAsync(victimId, CancellationToken.None))
        {
            Assert.Equal(victimRefreshToken, lease.RefreshToken);
        }

        var refused = Assert.Single(fixture.App.Logs.GetSnapshot(), r => r.Id.Id == InstanceMismatchEventId);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("other app: True", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(otherApp, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_untampered_callback_asks_token_info_once_and_installs()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        var instanceId = QueryHelpers.ParseQuery(callback.Query)["instanceId"].ToString();

        using var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(1, fixture.Simulator.Control.Counters.TokenInfo);
        Assert.NotNull(await fixture.App.Store.FindAsync(instanceId, CancellationToken.None));
        Assert.DoesNotContain(fixture.App.Logs.GetSnapshot(), r => r.Id.Id is InstanceMismatchEventId or InstanceUnverifiedEventId);
    }

    [Fact]
    public async Task When_token_info_cannot_be_reached_the_install_fails_closed_with_a_retryable_page_and_stores_nothing()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        var instanceId = QueryHelpers.ParseQuery(callback.Query)["instanceId"].ToString();
        fixture.Simulator.Control.FailNextTokenInfoRequests(1, 503);

        using var response = await browser.GetAsync(callback);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Please start the installation again", body, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.InstallationCountAsync());
        Assert.Null(await fixture.App.Store.FindAsync(instanceId, CancellationToken.None));
        Assert.Single(fixture.App.Logs.GetSnapshot(), r => r.Id.Id == InstanceUnverifiedEventId);

        // Starting again from Wix (a new code) installs: nothing about the failed attempt is in the way.
        using var again = new BrowserlessInstaller();
        var result = await again.InstallAsync(fixture.Simulator.CreateMarketInstallUrl(instanceId));
        Assert.True(result.ReachedCloseWindow, $"Ended on {result.FinalUrl} ({(int)result.FinalStatus}): {result.FinalBody}");
        Assert.NotNull(await fixture.App.Store.FindAsync(instanceId, CancellationToken.None));
    }

    private async Task<(string InstanceId, string RefreshToken)> InstallVictimAsync()
    {
        using var victim = new BrowserlessInstaller();
        var result = await victim.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());
        Assert.True(result.ReachedCloseWindow, $"Ended on {result.FinalUrl} ({(int)result.FinalStatus}): {result.FinalBody}");
        var instanceId = QueryHelpers.ParseQuery(result.CallbackUrl!.Query)["instanceId"].ToString();
        await using var lease = await fixture.App.RefreshTokens.AcquireRefreshLeaseAsync(instanceId, CancellationToken.None);
        return (instanceId, Assert.IsType<string>(lease.RefreshToken));
    }

    private static Uri WithInstanceId(Uri callback, string instanceId)
    {
        var query = QueryHelpers.ParseQuery(callback.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query["instanceId"] = instanceId;
        return new Uri(QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), query));
    }
}
