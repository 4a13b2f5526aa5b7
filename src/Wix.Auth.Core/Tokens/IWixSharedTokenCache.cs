namespace Wix.Auth;

/// <summary>
/// A second level behind the token manager's in-memory cache, shared by every process of the app (e.g. a table in the
/// database they share), so that a cluster asks Wix once per instance per token life instead of once per process.
/// The token manager consults it only on a memory miss, inside its in-process single flight; the cached path never
/// touches it. Registered by a store package (<c>AddPostgresStore</c>); without one, the token manager asks the strategy.
/// </summary>
/// <remarks>
/// Cross-process single flight without a lock held while Wix answers: the process whose <see cref="TryClaimAsync"/>
/// wins asks Wix and publishes the token with <see cref="SetAsync"/>; the others poll <see cref="GetAsync"/> until it
/// appears or the claim expires. An implementation that cannot reach its storage answers as if the entry were missing
/// (<see cref="GetAsync"/> null, <see cref="TryClaimAsync"/> true) and never throws for it: an outage then costs what a
/// process without a second level costs, never an error.
/// </remarks>
public interface IWixSharedTokenCache
{
    /// <summary>
    /// The shared token of <paramref name="instanceId"/> when one is stored, not yet at its <see cref="WixSharedToken.RefreshAt"/>,
    /// and issued under the installation's current generation; otherwise null.
    /// </summary>
    Task<WixSharedToken?> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the right to ask Wix for <paramref name="instanceId"/> for a bounded time. True: this process won (or the
    /// previous claim expired, or the storage is unreachable); false: another process holds a live claim, or the storage
    /// is only busy (e.g. no pooled connection in time) and the caller should poll and claim again.
    /// </summary>
    Task<bool> TryClaimAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes <paramref name="entry"/> for every process (unless the installation's generation moved on meanwhile)
    /// and releases this process's claim on the instance.
    /// </summary>
    Task SetAsync(WixSharedToken entry, CancellationToken cancellationToken);

    /// <summary>Releases this process's claim without publishing a token (the acquisition failed).</summary>
    Task ReleaseClaimAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes the shared token of <paramref name="instanceId"/> if it is <paramref name="accessToken"/> (a Wix API rejected it).</summary>
    Task RemoveAsync(string instanceId, string accessToken, CancellationToken cancellationToken);
}
