namespace Wix.Auth.Internal.Identity;

/// <summary>A verified identity with the moment it must be asked again precomputed, so the hot path is one comparison.</summary>
internal sealed class CachedIdentity(WixIdentity identity, long validUntilUtcTicks)
{
    public WixIdentity Identity { get; } = identity;

    /// <summary>UTC ticks of the earlier of "verified + cache duration" and the token's expiry.</summary>
    public long ValidUntilUtcTicks { get; } = validUntilUtcTicks;
}
