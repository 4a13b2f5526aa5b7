using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Internal.Identity;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks;

/// <summary>
/// The hot path of the access-token scheme: a token verified less than 60 s ago. Target: ≤ 200 ns and 0 B.
/// Side by side: the cache key alone, for the simulator's token and for a 1 KB one (real Wix tokens are JWS strings of
/// several hundred characters), and the SHA-256 the key used to be.
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

    /// <summary>The cache key (seeded XXH3-128) of the simulator's token and of a 1 KB one.</summary>
    [Benchmark]
    public UInt128 KeyOnly() => TokenKey.Of(_token);

    [Benchmark]
    public UInt128 KeyOnly1KiB() => TokenKey.Of(_longToken);

    /// <summary>What the key was before: a SHA-256 (an OpenSSL call on Linux), for the ratio.</summary>
    [Benchmark]
    public int Sha256Only() => TokenHash.Of(_token).GetHashCode();

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
