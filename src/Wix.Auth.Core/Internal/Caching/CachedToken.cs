namespace Wix.Auth.Internal.Caching;

/// <summary>A cached token with its refresh moment precomputed, so the hot path is one comparison.</summary>
internal sealed class CachedToken(WixAccessToken token, long refreshAtUtcTicks, long sequence)
{
    public WixAccessToken Token { get; } = token;

    /// <summary>UTC ticks of <c>ExpiresAt - skew</c>: from then on the token is replaced.</summary>
    public long RefreshAtUtcTicks { get; } = refreshAtUtcTicks;

    /// <summary>Insertion order, for evicting the oldest entries first.</summary>
    public long Sequence { get; } = sequence;
}
