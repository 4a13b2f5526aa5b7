using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Internal.Identity;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks;

/// <summary>
/// The hot path of the access-token scheme: a token verified less than 60 s ago. Target: ≤ 200 ns and 0 B.
/// Side by side: the SHA-256 cache key alone, for the simulator's token and for a 1 KB one (real Wix tokens are JWS
/// strings of several hundred characters), to show how the cost grows with the token.
/// </summary>
[MemoryDiagnoser]
public class CachedVerificationBenchmarks
{
    private WixSimulator _simulator = null!;
    private ServiceProvider _services = null!;
    private IWixAccessTokenVerifier _verifier = null!;
    private IWixTokenManager _manager = null!;
    private string _instanceId = null!;
    private string _token = null!;
    private string _longToken = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _simulator = await WixSimulator.StartAsync(new WixSimulatorOptions(), CancellationToken.None);
        _services = ServicesFactory.Build(_simulator);
        _verifier = _services.GetRequiredService<IWixAccessTokenVerifier>();
        _manager = _services.GetRequiredService<IWixTokenManager>();
        _instanceId = _simulator.Control.CreateInstalledInstance();
        await _manager.GetAccessTokenAsync(_instanceId, CancellationToken.None);
        _token = _simulator.Control.IssueSiteToken(_instanceId, WixSimulatedSubjectType.User);
        _longToken = "OauthNG.JWS." + new string('x', 1012);
        await _verifier.VerifyAsync(_token, CancellationToken.None);
    }

    /// <summary>The cached app-token lookup, measured in the same run so the ratio holds on a noisy machine.</summary>
    [Benchmark(Baseline = true)]
    public WixAccessToken GetCachedAppToken()
    {
        var pending = _manager.GetAccessTokenAsync(_instanceId, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public WixIdentity VerifyCachedToken()
    {
        var pending = _verifier.VerifyAsync(_token, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public int HashOnly() => TokenHash.Of(_token).GetHashCode();

    [Benchmark]
    public int HashOnly1KiB() => TokenHash.Of(_longToken).GetHashCode();

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
