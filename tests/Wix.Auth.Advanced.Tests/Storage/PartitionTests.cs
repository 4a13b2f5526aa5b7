using Dapper;
using Npgsql;
using Wix.Auth.Advanced.Tests.Framework;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// Checklist FI-13: the network to PostgreSQL breaks after the refresh's <c>COMMIT</c> was sent, under strict rotation
/// (Wix has revoked the token we presented). The outcome is all or nothing: after the partition heals, the row holds the
/// rotated token, Wix accepts it, the installation is one row, and no lock is left behind. A real TCP relay in front of
/// a real PostgreSQL.
/// </summary>
public sealed class PartitionTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        fixture.Simulator.Control.RotateRefreshTokens = false;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_partition_after_the_refresh_commit_was_sent_loses_neither_the_rotated_token_nor_the_installation()
    {
        var direct = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString);
        await using var relay = PostgresRelay.Start(direct.Host!, direct.Port);
        var through = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = relay.Port,
            Timeout = 5,
            CommandTimeout = 5,
        };
        await using var app = await AdvancedApp.StartAsync(fixture.Simulator, through.ConnectionString);
        var control = fixture.Simulator.Control;
        var instanceId = control.CreateInstalledInstance();
        var first = control.IssueRefreshToken(instanceId);
        await fixture.App.Store.SaveRefreshTokenAsync(instanceId, first, CancellationToken.None);
        control.RotateRefreshTokens = true;

        relay.BlackholeAfterNextCommit();
        // The commit's answer never comes; the caller is still served the access token Wix issued (the rotated refresh
        // token is kept for a write-back, which stands down once it sees the commit did land).
        var served = await app.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(WixAuthStrategyNames.RefreshToken, served!.Strategy);

        Assert.Equal(1, relay.Fired);
        Assert.False(control.IsRefreshTokenActive(first), "Wix rotated the token, as strict rotation does");
        string? stored;
        await using (var lease = await fixture.App.RefreshTokens.AcquireRefreshLeaseAsync(instanceId, CancellationToken.None))
        {
            stored = lease.RefreshToken;
        }

        // The commit reached the server: the successor is stored, and it is the one Wix considers valid.
        Assert.NotNull(stored);
        Assert.NotEqual(first, stored);
        Assert.True(control.IsRefreshTokenActive(stored));
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM wix_installations WHERE instance_id = @instanceId", new { instanceId }));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()"));

        // Healed: the same app refreshes with the stored successor. Its pool may first hand out the connection whose
        // commit answer the relay swallowed (the relay keeps blackholing it), which times out: one retry is allowed.
        WixAccessToken healed;
        try
        {
            healed = await app.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);
        }
        catch (WixStoreUnavailableException)
        {
            healed = await app.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);
        }

        Assert.Equal(WixAuthStrategyNames.RefreshToken, healed.Strategy);
    }
}
