using Wix.Auth.Advanced.Tests.Framework;

namespace Wix.Auth.Advanced.Tests.Strategies;

/// <summary>
/// Several servers refreshing one instance at once while Wix rotates refresh tokens must never end with a dead one.
/// The "servers" are separate app hosts in this test process: each its own service provider, connection pool,
/// key-ring cache and token manager, sharing only the database and the simulator.
/// </summary>
public sealed class ConcurrentRefreshTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Three_servers_refreshing_one_instance_with_rotation_never_lose_the_refresh_token()
    {
        var control = fixture.Simulator.Control;
        var instanceId = control.CreateInstalledInstance();
        await fixture.App.Store.SaveRefreshTokenAsync(instanceId, control.IssueRefreshToken(instanceId), CancellationToken.None);
        control.RotateRefreshTokens = true;
        await using var second = await AdvancedApp.StartAsync(fixture.Simulator, fixture.Database.ConnectionString);
        await using var third = await AdvancedApp.StartAsync(fixture.Simulator, fixture.Database.ConnectionString);
        AdvancedApp[] servers = [fixture.App, second, third];

        for (var round = 0; round < 3; round++)
        {
            var tokens = await Task.WhenAll(servers.SelectMany(s => Enumerable.Range(0, 4).Select(_ => s.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None).AsTask())));
            Assert.All(tokens, t => Assert.Equal(WixAuthStrategyNames.RefreshToken, t.Strategy));
        }

        await using var lease = await fixture.App.RefreshTokens.AcquireRefreshLeaseAsync(instanceId, CancellationToken.None);
        Assert.NotNull(lease.RefreshToken);
        Assert.True(control.IsRefreshTokenActive(lease.RefreshToken), "The stored refresh token was revoked by a lost rotation.");
        Assert.Equal(36, control.Counters.RefreshToken);
        Assert.Equal(0, control.Counters.FailedTokenRequests);
        Assert.Null(lease.Installation!.FallbackReason);
    }
}
