using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.PostgreSql;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// Issue 14: the claim to ask Wix for an instance is refused while a servable token is shared. The winner of the
/// previous claim publishes its token and releases its claim in one statement; a process that missed just before that
/// and claims just after must find the token, not ask Wix a second time (3 hosts asked 119 times for 100
/// client-credentials instances without this guard).
/// </summary>
public sealed class SharedTokenClaimTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private AdvancedApp _app = null!;
    private AdvancedApp _otherHost = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _app = await StartHostAsync();
        _otherHost = await StartHostAsync();
    }

    public async Task DisposeAsync()
    {
        await _otherHost.DisposeAsync();
        await _app.DisposeAsync();
    }

    private IWixSharedTokenCache Cache => _app.Services.GetRequiredService<IWixSharedTokenCache>();

    [Fact]
    public async Task A_claim_is_refused_while_a_servable_token_is_shared_and_granted_once_it_is_due()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        await _app.Store.RecordInstalledAsync(instanceId, CancellationToken.None);
        var generation = (await _app.Store.FindAsync(instanceId, CancellationToken.None))!.Generation;
        var now = _app.Time.GetUtcNow();
        Assert.True(await Cache.TryClaimAsync(instanceId, CancellationToken.None));
        var token = new WixAccessToken(instanceId, "at-shared", now.AddMinutes(10), WixAuthStrategyNames.ClientCredentials) { Generation = generation };
        await Cache.SetAsync(new WixSharedToken(token, now.AddMinutes(5)), CancellationToken.None);

        Assert.False(await Cache.TryClaimAsync(instanceId, CancellationToken.None));

        _app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await Cache.GetAsync(instanceId, CancellationToken.None));
        Assert.True(await Cache.TryClaimAsync(instanceId, CancellationToken.None));
    }

    [Fact]
    public async Task A_claim_that_raced_the_winners_publication_is_given_back_once_the_token_is_visible()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        await _app.Store.RecordInstalledAsync(instanceId, CancellationToken.None);
        var generation = (await _app.Store.FindAsync(instanceId, CancellationToken.None))!.Generation;
        var now = _app.Time.GetUtcNow();
        Assert.True(await Cache.TryClaimAsync(instanceId, CancellationToken.None));

        // The winner's publish-and-release, held open: its claim is deleted and its token written, not yet committed.
        await using var winner = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var publication = await winner.BeginTransactionAsync();
        await winner.ExecuteAsync("DELETE FROM wix_token_claims WHERE instance_id = @instanceId", new { instanceId }, publication);
        var token = new WixAccessToken(instanceId, "at-shared", now.AddMinutes(10), WixAuthStrategyNames.ClientCredentials) { Generation = generation };
        var rows = _app.Services.GetRequiredService<SharedTokenRows>();
        Assert.Equal(1, await rows.PublishAsync(winner, publication, new WixSharedToken(token, now.AddMinutes(5)), owner: null, now, CancellationToken.None));

        // Another host that missed claims now: its statement sees no token and waits on the claim row being deleted.
        var otherClaim = _otherHost.Services.GetRequiredService<IWixSharedTokenCache>().TryClaimAsync(instanceId, CancellationToken.None);
        await WaitForALockWaitAsync();
        await publication.CommitAsync();

        Assert.False(await otherClaim);
        Assert.Equal(0L, await winner.ExecuteScalarAsync<long>("SELECT count(*) FROM wix_token_claims WHERE instance_id = @instanceId", new { instanceId }));
        var served = await _otherHost.Services.GetRequiredService<IWixSharedTokenCache>().GetAsync(instanceId, CancellationToken.None);
        Assert.Equal("at-shared", served?.Token.AccessToken);
    }

    private Task<AdvancedApp> StartHostAsync() => AdvancedApp.StartAsync(
        fixture.Simulator,
        fixture.Database.ConnectionString,
        configureServices: services => services.PostConfigure<WixPostgresStoreOptions>(o => o.SharedTokenCache.Enabled = true));

    private async Task WaitForALockWaitAsync()
    {
        await using var observer = await fixture.Database.DataSource.OpenConnectionAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await observer.ExecuteScalarAsync<long>(
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
        {
            await Task.Delay(10, patience.Token);
        }
    }
}
