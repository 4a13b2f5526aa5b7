using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// Issue #11 item 5: a row written without the refresh lock (a webhook, a fallback record) while a refresh is in flight
/// makes the refresh's compare-and-swap fail. Under strict rotation the token read is already dead at Wix, so the
/// rotated one must still be stored; a token from a new handshake or a removal written meanwhile still wins.
/// </summary>
public sealed class LostSwapTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Instance = "3f0a6b0e-0000-4000-8000-0000000000c1";
    private StoreProcess _process = null!;

    private IWixInstallationStore Store => _process.Store;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _process = await StoreProcess.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();

    [Fact]
    public async Task A_fallback_record_written_during_a_refresh_does_not_lose_the_rotated_token()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using (var lease = await _process.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            await Store.RecordFallbackAsync(Instance, WixFallbackReason.Missing, errorCode: null, CancellationToken.None);
            await lease.CompleteRefreshAsync("rt-2", accessToken: null, CancellationToken.None);
        }

        await using var after = await _process.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Equal("rt-2", after.RefreshToken);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, after.Installation!.Strategy);
        Assert.Null(after.Installation.FallbackReason);
    }

    [Fact]
    public async Task A_webhook_recorded_during_a_refresh_does_not_lose_the_rotated_token()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using (var lease = await _process.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            var outcome = await _process.Inbox.RecordWebhookEventAsync(
                new WixWebhookEventRecord("event-" + Guid.NewGuid().ToString("N"), "AppInstalled", Instance, DateTimeOffset.UtcNow.AddHours(1), WixWebhookEffect.Installed),
                CancellationToken.None);
            Assert.Equal(WixWebhookOutcome.Applied, outcome);
            await lease.CompleteRefreshAsync("rt-2", accessToken: null, CancellationToken.None);
        }

        await using var after = await _process.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Equal("rt-2", after.RefreshToken);
    }

    [Fact]
    public async Task A_removal_recorded_during_a_refresh_wins_over_the_rotated_token()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using (var lease = await _process.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            await Store.MarkRemovedAsync(Instance, CancellationToken.None);
            await lease.CompleteRefreshAsync("rt-2", accessToken: null, CancellationToken.None);
        }

        var installation = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.Equal(WixInstallationStatus.Removed, installation!.Status);
        Assert.False(installation.HasRefreshToken);
    }
}
