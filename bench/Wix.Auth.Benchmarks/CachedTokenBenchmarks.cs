using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks;

/// <summary>The hot path: a token already cached for the instance. Target: well under 100 ns and 0 B.</summary>
[MemoryDiagnoser]
public class CachedTokenBenchmarks
{
    private WixSimulator _simulator = null!;
    private ServiceProvider _services = null!;
    private IWixTokenManager _manager = null!;
    private string _instanceId = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _simulator = await WixSimulator.StartAsync(new WixSimulatorOptions(), CancellationToken.None);
        _services = ServicesFactory.Build(_simulator);
        _manager = _services.GetRequiredService<IWixTokenManager>();
        _instanceId = _simulator.Control.CreateInstalledInstance();
        await _manager.GetAccessTokenAsync(_instanceId, CancellationToken.None);
    }

    [Benchmark]
    public WixAccessToken GetCachedToken()
    {
        var pending = _manager.GetAccessTokenAsync(_instanceId, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
