namespace Wix.Auth;

/// <summary>
/// The one place applications ask for a token: caches per instance until shortly before expiry,
/// and collapses concurrent requests for one instance into a single upstream request.
/// </summary>
public interface IWixTokenManager
{
    /// <summary>Returns a cached token that is still valid beyond the skew, or acquires one through the strategy.</summary>
    ValueTask<WixAccessToken> GetAccessTokenAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Forgets the cached token of <paramref name="instanceId"/>, e.g. after a Wix API answered 401.</summary>
    void Invalidate(string instanceId);

    /// <summary>
    /// The installation of <paramref name="instanceId"/> reached <paramref name="generation"/> (it was removed or
    /// installed again, in this process or another): forgets a cached token of an older generation and refuses to cache
    /// one that an acquisition still in flight brings back. A token of that generation or a newer one is kept.
    /// </summary>
    void Invalidate(string instanceId, long generation);
}
