using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Core.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests;

/// <summary>
/// Tokens tied to the installation's generation (issue 11, item 3): an invalidation announcing a newer generation drops
/// an older token, and a token an acquisition still in flight brings back under the old generation is handed to its
/// waiters but never cached, so it is not served after a reinstall. A token of the announced generation is kept.
/// </summary>
public sealed class TokenGenerationTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private WixSimulator Sim => fixture.Simulator;

    [Fact]
    public async Task A_token_acquired_under_an_older_generation_while_a_newer_one_is_announced_is_not_cached()
    {
        var strategy = new GenerationStrategy { Generation = 1 };
        await using var services = Build(strategy);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.ClientCredentials;

        Sim.Control.Latency = TimeSpan.FromMilliseconds(300);
        WixAccessToken inFlight;
        try
        {
            var pending = manager.GetAccessTokenAsync(instance, CancellationToken.None).AsTask();
            await strategy.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            // Removed and installed again while Wix answers the request made under generation 1.
            manager.Invalidate(instance, 3);
            inFlight = await pending;
        }
        finally
        {
            Sim.Control.Latency = TimeSpan.Zero;
        }

        Assert.Equal(1, inFlight.Generation);
        strategy.Generation = 3;
        var next = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.NotEqual(inFlight.AccessToken, next.AccessToken);
        Assert.Equal(3, next.Generation);
        Assert.Equal(2, Sim.Control.Counters.ClientCredentials - before);
        Assert.Same(next, await manager.GetAccessTokenAsync(instance, CancellationToken.None));
    }

    [Fact]
    public async Task An_invalidation_drops_older_tokens_and_keeps_one_of_its_own_generation()
    {
        var strategy = new GenerationStrategy { Generation = 2 };
        await using var services = Build(strategy);
        var manager = services.GetRequiredService<IWixTokenManager>();
        var instance = Sim.Control.CreateInstalledInstance();
        var first = await manager.GetAccessTokenAsync(instance, CancellationToken.None);

        manager.Invalidate(instance, 2);
        Assert.Same(first, await manager.GetAccessTokenAsync(instance, CancellationToken.None));

        strategy.Generation = 3;
        manager.Invalidate(instance, 3);
        var renewed = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.NotEqual(first.AccessToken, renewed.AccessToken);
        Assert.Equal(3, renewed.Generation);
    }

    private ServiceProvider Build(GenerationStrategy strategy) =>
        WixAuthServices.Build(Sim, more: s => s.AddSingleton<IWixAuthStrategy>(sp =>
        {
            strategy.Client = sp.GetRequiredService<IWixTokenClient>();
            return strategy;
        }));

    /// <summary>Client credentials from the simulator, stamped with a generation as the advanced strategy stamps the installation's.</summary>
    private sealed class GenerationStrategy : IWixAuthStrategy
    {
        public long Generation { get; set; }

        public IWixTokenClient Client { get; set; } = null!;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<WixAccessToken> AcquireTokenAsync(string instanceId, CancellationToken cancellationToken)
        {
            var generation = Generation;
            Started.TrySetResult();
            var response = await Client.RequestClientCredentialsTokenAsync(instanceId, cancellationToken);
            return new WixAccessToken(instanceId, response.AccessToken, response.ExpiresAt, WixAuthStrategyNames.ClientCredentials) { Generation = generation };
        }
    }
}
