using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks;

/// <summary>
/// The hot path of the access-token scheme: a token verified less than 60 s ago. Target: ≤ 200 ns and 0 B.
/// Side by side: the cache key alone, for the simulator's token and for a 1 KB one (real Wix tokens are JWS strings of
/// several hundred characters), and the SHA-256 the key used to be. Through public API only: the verifier from DI, and the
/// key's two computations written out with the same BCL calls as Core's internal <c>TokenKey.Of</c> (one XXH3-128 call)
/// and the former <c>TokenHash.Of</c> (UTF-8 plus one SHA-256 call), so Core opens no internals to the benchmarks.
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
    private long _seed;

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
        _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
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
    public UInt128 KeyOnly() => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(_token.AsSpan()), _seed);

    [Benchmark]
    public UInt128 KeyOnly1KiB() => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(_longToken.AsSpan()), _seed);

    /// <summary>What the key was before: a SHA-256 (an OpenSSL call on Linux), for the ratio.</summary>
    [Benchmark]
    public int Sha256Only()
    {
        Span<byte> utf8 = stackalloc byte[1024];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(_token, utf8)], hash);
        return BitConverter.ToInt32(hash);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
