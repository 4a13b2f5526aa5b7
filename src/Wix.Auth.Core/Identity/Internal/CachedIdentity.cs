namespace Wix.Auth.Internal.Identity;

/// <summary>
/// A verified identity with the token it was verified for and the moment it must be asked again precomputed, so the
/// hot path is one comparison of the token and one of the clock.
/// </summary>
/// <remarks>
/// Holding the token costs about twice its length in memory per entry (bounded by the cache size) and keeps a user's
/// token in the process for at most the cache duration. The process already holds every instance's app token, which
/// can do more than any user's, and the request that brought the token holds it too; a cache that kept only a digest
/// would have to hash every incoming token with SHA-256, which is what made a cached verification cost 1.4 µs.
/// </remarks>
internal sealed class CachedIdentity(string token, WixIdentity identity, long validUntilUtcTicks)
{
    private readonly string _token = token;

    public WixIdentity Identity { get; } = identity;

    /// <summary>UTC ticks of the earlier of "verified + cache duration" and the token's expiry.</summary>
    public long ValidUntilUtcTicks { get; } = validUntilUtcTicks;

    /// <summary>
    /// True when this entry was verified for exactly <paramref name="token"/>; the key alone is not proof. An ordinary
    /// (vectorised) comparison, not a constant-time one: it only ever runs against a token whose seeded 128-bit key
    /// matched, which a guess cannot aim for, so its timing tells nothing; <c>CryptographicOperations.FixedTimeEquals</c>
    /// is compiled without optimisation and cost 3 µs for a 250-character token.
    /// </summary>
    public bool IsFor(string token) => string.Equals(_token, token, StringComparison.Ordinal);
}
