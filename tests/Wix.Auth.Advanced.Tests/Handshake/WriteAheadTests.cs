using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>
/// Issue 11 item 6, checklist §1.2 and C5: the installation is recorded ("installing") before the code is redeemed, so
/// an exchange whose answer is lost or spoilt after Wix spent the code leaves an installation served by client
/// credentials, with the reason recorded; a later install completes it. Real simulator, real PostgreSQL.
/// </summary>
public sealed class WriteAheadTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    /// <summary><c>AdvancedLog.InstallingAfterFailedExchange</c>.</summary>
    private const int InstallingAfterFailedExchangeEventId = 3241;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        fixture.Simulator.Control.SpoilNextAnswers("authorization_code", 0, WixSimulatedAnswerFault.Abort);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(WixSimulatedAnswerFault.Abort, "exchange_no_answer")]
    [InlineData(WixSimulatedAnswerFault.MalformedJson, "malformed_response")]
    [InlineData(WixSimulatedAnswerFault.NoAccessToken, "malformed_response")]
    public async Task An_exchange_answer_lost_after_wix_spent_the_code_leaves_an_installation_served_by_client_credentials(
        WixSimulatedAnswerFault fault, string expectedCode)
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        var instanceId = QueryHelpers.ParseQuery(callback.Query)["instanceId"].ToString();
        fixture.Simulator.Control.SpoilNextAnswers("authorization_code", 1, fault);

        using var response = await browser.GetAsync(callback);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("The app is installed and keeps working", body, StringComparison.Ordinal);
        // Wix spent the code (and issued a refresh token we never saw); it was presented once.
        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);

        var installation = await fixture.App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.NotNull(installation);
        Assert.Equal(WixInstallationStatus.Installed, installation.Status);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, installation.Strategy);
        Assert.False(installation.HasRefreshToken);
        Assert.Equal(WixFallbackReason.Installing, installation.FallbackReason);
        Assert.Equal(expectedCode, installation.LastErrorCode);
        Assert.Single(fixture.App.Logs.GetSnapshot(), r => r.Id.Id == InstallingAfterFailedExchangeEventId);

        // The app hears of an installation served by client credentials, never of the pending write-ahead itself.
        Assert.Equal(["installation.installed", "installation.fallback"], await NotificationsAsync(instanceId));

        var token = await fixture.App.Tokens.GetAccessTokenAsync(instanceId, CancellationToken.None);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, token.Strategy);
        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);

        // A later install of the same site completes the row as a normal install does.
        using var again = new BrowserlessInstaller();
        var result = await again.InstallAsync(fixture.Simulator.CreateMarketInstallUrl(instanceId));
        Assert.True(result.ReachedCloseWindow, $"Ended on {result.FinalUrl} ({(int)result.FinalStatus}): {result.FinalBody}");
        var completed = await fixture.App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.NotNull(completed);
        Assert.True(completed.HasRefreshToken);
        Assert.Null(completed.FallbackReason);
        Assert.Null(completed.LastErrorCode);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, (await fixture.App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None)).Strategy);
        Assert.Equal(["installation.installed", "installation.fallback", "installation.refresh_restored"], await NotificationsAsync(instanceId));
    }

    [Fact]
    public async Task The_write_ahead_never_touches_an_installed_instance_and_its_refresh_token()
    {
        using var first = new BrowserlessInstaller();
        var installed = await first.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());
        Assert.True(installed.ReachedCloseWindow);
        var instanceId = QueryHelpers.ParseQuery(installed.CallbackUrl!.Query)["instanceId"].ToString();
        var before = await fixture.App.Store.FindAsync(instanceId, CancellationToken.None);

        // A second install whose exchange answer is lost: the working installation stays exactly as it was.
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl(instanceId));
        fixture.Simulator.Control.SpoilNextAnswers("authorization_code", 1, WixSimulatedAnswerFault.Abort);
        using var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var after = await fixture.App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.NotNull(after);
        Assert.Equal(before!.RowVersion, after.RowVersion);
        Assert.True(after.HasRefreshToken);
        Assert.Null(after.FallbackReason);
    }

    [Fact]
    public async Task A_write_ahead_for_a_removed_instance_is_taken_back_when_token_info_cannot_confirm_it()
    {
        using var first = new BrowserlessInstaller();
        var installed = await first.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());
        var instanceId = QueryHelpers.ParseQuery(installed.CallbackUrl!.Query)["instanceId"].ToString();
        await fixture.App.Store.MarkRemovedAsync(instanceId, CancellationToken.None);

        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl(instanceId));
        fixture.Simulator.Control.FailNextTokenInfoRequests(1, 503);
        using var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var after = await fixture.App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.NotNull(after);
        Assert.Equal(WixInstallationStatus.Removed, after.Status);
        Assert.Null(after.FallbackReason);
        // A write-ahead taken back was never announced: the app heard of the first install and the removal only.
        Assert.Equal(["installation.installed", "installation.removed"], await NotificationsAsync(instanceId));
    }

    [Fact]
    public async Task A_completed_install_is_announced_once_without_the_write_ahead_in_between()
    {
        using var browser = new BrowserlessInstaller();
        var installed = await browser.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());
        Assert.True(installed.ReachedCloseWindow);
        var instanceId = QueryHelpers.ParseQuery(installed.CallbackUrl!.Query)["instanceId"].ToString();

        Assert.Equal(["installation.installed"], await NotificationsAsync(instanceId));
    }

    /// <summary>The outbox's event types for the instance, oldest first (written by the database with every change).</summary>
    private async Task<string[]> NotificationsAsync(string instanceId)
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_type FROM wix_notification_outbox WHERE instance_id = @id ORDER BY id";
        command.Parameters.AddWithValue("id", instanceId);
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            types.Add(reader.GetString(0));
        }

        return [.. types];
    }
}
