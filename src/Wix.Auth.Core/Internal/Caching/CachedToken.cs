namespace Wix.Auth.Internal.Caching;

/// <summary>A cached token with its refresh moment precomputed, so the hot path is one comparison.</summary>
internal sealed class CachedToken(WixAccessToken token, long refreshAtUtcTicks, long sequence, bool invalidated = false)
{
    public WixAccessToken Token { get; } = token;

    /// <summary>UTC ticks of <c>ExpiresAt - skew</c>: from then on the token is replaced.</summary>
    public long RefreshAtUtcTicks { get; } = refreshAtUtcTicks;

    /// <summary>Insertion order, for evicting the oldest entries first.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>
    /// A tombstone, never served: <see cref="Token"/> was invalidated (a Wix API rejected it, so the shared level must not
    /// hand it back) or is a placeholder carrying the installation generation an invalidation announced.
    /// </summary>
    public bool Invalidated { get; } = invalidated;

    public static CachedToken Tombstone(WixAccessToken token, long sequence) => new(token, long.MinValue, sequence, invalidated: true);
}
