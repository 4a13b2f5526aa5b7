using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Core.Tests.Framework;
using Wix.Auth.Internal.Caching;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests;

public sealed class TokenManagerTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private WixSimulator Sim => fixture.Simulator;

    [Fact]
    public async Task Concurrent_cold_callers_cause_one_upstream_request()
    {
        await using var services = WixAuthServices.Build(Sim);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.ClientCredentials;
        using var gate = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 1000)
            .Select(_ => Task.Run(async () =>
            {
                gate.Wait();
                return await manager.GetAccessTokenAsync(instance, CancellationToken.None);
            }))
            .ToArray();
        gate.Set();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, Sim.Control.Counters.ClientCredentials - before);
        Assert.Single(tokens.Select(t => t.AccessToken).Distinct());
        Assert.All(tokens, t => Assert.Equal(WixAuthStrategyNames.ClientCredentials, t.Strategy));
    }

    [Fact]
    public async Task Cached_token_is_renewed_once_the_expiry_skew_is_reached()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = WixAuthServices.Build(Sim, o => o.TokenExpirySkew = TimeSpan.FromMinutes(5), time);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.ClientCredentials;

        var first = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.Equal(time.GetUtcNow().AddHours(4), first.ExpiresAt);

        // 4 h token, 5 min skew: still served from cache one second before expiry - 5 min.
        time.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var cached = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.Same(first, cached);
        Assert.Equal(1, Sim.Control.Counters.ClientCredentials - before);

        time.Advance(TimeSpan.FromSeconds(1));
        var renewed = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.NotSame(first, renewed);
        Assert.Equal(2, Sim.Control.Counters.ClientCredentials - before);
    }

    [Fact]
    public async Task Skew_is_scaled_down_to_a_tenth_of_a_short_token_lifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // A 4 h token with a 1 h configured skew: a tenth of the lifetime (24 min) wins.
        await using var services = WixAuthServices.Build(Sim, o => o.TokenExpirySkew = TimeSpan.FromHours(1), time);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.ClientCredentials;

        await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(24) - TimeSpan.FromSeconds(1));
        await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.Equal(1, Sim.Control.Counters.ClientCredentials - before);

        time.Advance(TimeSpan.FromSeconds(1));
        await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.Equal(2, Sim.Control.Counters.ClientCredentials - before);
    }

    [Fact]
    public async Task A_failure_reaches_every_waiter_is_not_cached_and_the_next_call_succeeds()
    {
        await using var services = WixAuthServices.Build(Sim);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var requestsBefore = Sim.Control.Counters.TokenRequests;
        var successesBefore = Sim.Control.Counters.ClientCredentials;
        Sim.Control.Uninstall(instance);

        // The 20 calls start in one synchronous loop while the first one's request waits out the latency: all join it.
        WixTokenException[] failures;
        Sim.Control.Latency = TimeSpan.FromMilliseconds(300);
        try
        {
            failures = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
                Assert.ThrowsAsync<WixTokenException>(async () => await manager.GetAccessTokenAsync(instance, CancellationToken.None))));
        }
        finally
        {
            Sim.Control.Latency = TimeSpan.Zero;
        }

        Assert.All(failures, f => Assert.Equal(WixTokenErrorKind.InvalidGrant, f.Kind));
        Assert.Equal(1, Sim.Control.Counters.TokenRequests - requestsBefore);

        Sim.Control.Reinstall(instance);
        var token = await manager.GetAccessTokenAsync(instance, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        // One shared request for the 20 failures (invalid_grant is not retried), and the failure was not cached.
        Assert.Equal(2, Sim.Control.Counters.TokenRequests - requestsBefore);
        Assert.Equal(1, Sim.Control.Counters.ClientCredentials - successesBefore);
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_cancel_the_shared_fetch()
    {
        await using var services = WixAuthServices.Build(Sim);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.ClientCredentials;
        Sim.Control.Latency = TimeSpan.FromMilliseconds(500);
        try
        {
            using var impatient = new CancellationTokenSource();
            var first = manager.GetAccessTokenAsync(instance, impatient.Token).AsTask();
            var second = manager.GetAccessTokenAsync(instance, CancellationToken.None).AsTask();
            await impatient.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
            var token = await second;
            Assert.False(string.IsNullOrEmpty(token.AccessToken));
            Assert.Equal(1, Sim.Control.Counters.ClientCredentials - before);
        }
        finally
        {
            Sim.Control.Latency = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task The_cache_evicts_at_its_cap_and_evicted_instances_are_fetched_again()
    {
        await using var services = WixAuthServices.Build(Sim, o => o.TokenCacheSize = 3);
        var manager = (WixTokenManager)services.GetRequiredService<IWixTokenManager>();
        var instances = Enumerable.Range(0, 4).Select(_ => Sim.Control.CreateInstalledInstance()).ToArray();
        var before = Sim.Control.Counters.ClientCredentials;

        foreach (var instance in instances)
        {
            await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        }

        // Full at 3: the fourth insert evicts exactly the oldest one (a tenth of 3, at least one).
        Assert.Equal(3, manager.Count);
        Assert.Equal(4, Sim.Control.Counters.ClientCredentials - before);

        // The newest stays cached; the oldest was evicted and costs one more request, which evicts the next oldest.
        await manager.GetAccessTokenAsync(instances[3], CancellationToken.None);
        Assert.Equal(4, Sim.Control.Counters.ClientCredentials - before);
        await manager.GetAccessTokenAsync(instances[0], CancellationToken.None);
        Assert.Equal(5, Sim.Control.Counters.ClientCredentials - before);
        Assert.Equal(3, manager.Count);
        await manager.GetAccessTokenAsync(instances[2], CancellationToken.None);
        Assert.Equal(5, Sim.Control.Counters.ClientCredentials - before);
        await manager.GetAccessTokenAsync(instances[1], CancellationToken.None);
        Assert.Equal(6, Sim.Control.Counters.ClientCredentials - before);
        Assert.Equal(3, manager.Count);
    }

    [Fact]
    public async Task Invalidate_forces_the_next_call_upstream()
    {
        await using var services = WixAuthServices.Build(Sim);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.ClientCredentials;

        var first = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        manager.Invalidate(instance);
        var second = await manager.GetAccessTokenAsync(instance, CancellationToken.None);

        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(2, Sim.Control.Counters.ClientCredentials - before);
    }
}
