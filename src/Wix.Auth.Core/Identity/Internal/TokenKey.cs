using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Wix.Auth.Internal.Identity;

/// <summary>
/// The verification cache's key: a 128-bit XXH3 of the token's characters under a seed drawn at random per process.
/// It only picks the bucket; a hit counts only after the cached token is compared with the incoming one
/// (<see cref="CachedIdentity.IsFor"/>), so a collision, by chance or by design, is a miss and never another token's
/// identity. Why not SHA-256, as before: on Linux every SHA-256 is an OpenSSL call costing about 1 µs whatever the
/// length, five times the whole budget of a cached verification (docs/benchmarks.md); XXH3 costs tens of nanoseconds.
/// The random seed keeps anyone who cannot read the process's memory from aiming tokens at one bucket.
/// </summary>
internal static class TokenKey
{
    private static readonly long Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    public static UInt128 Of(string token) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(token.AsSpan()), Seed);
}
