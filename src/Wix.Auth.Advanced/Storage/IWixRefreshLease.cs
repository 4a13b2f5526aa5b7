namespace Wix.Auth.Advanced;

/// <summary>
/// Exclusive right to refresh one instance's token, held while the refresh request is in flight.
/// Writes are compare-and-swap on <see cref="RowVersion"/>, so a late writer never overwrites a newer refresh token.
/// Each write ends the lease; every method throws <see cref="WixStoreUnavailableException"/> when the store cannot be reached.
/// </summary>
public interface IWixRefreshLease : IAsyncDisposable
{
    /// <summary>The installation as re-read under the lease; null when the instance is unknown.</summary>
    WixInstallation? Installation { get; }

    /// <summary>The decrypted refresh token as re-read under the lease; null when there is none or it cannot be decrypted.</summary>
    string? RefreshToken { get; }

    /// <summary>
    /// True when a refresh token is stored but could not be decrypted (its key was lost or revoked, or the
    /// ciphertext belongs to another instance); <see cref="RefreshToken"/> is then null and the caller records
    /// <see cref="WixFallbackReason.Undecryptable"/>.
    /// </summary>
    bool RefreshTokenUndecryptable { get; }

    /// <summary>The row version read under the lease.</summary>
    long RowVersion { get; }

    /// <summary>
    /// The access token the previous holder of the lease shared (<see cref="CompleteRefreshAsync"/>), as read under the
    /// lease: set when it is issued under the installation's current generation and not yet at its
    /// <see cref="WixSharedToken.RefreshAt"/>, so the caller uses it instead of refreshing a second time; null otherwise,
    /// and always null for a store that shares no access tokens.
    /// </summary>
    WixSharedToken? SharedToken { get; }

    /// <summary>
    /// Records a successful refresh. A non-empty <paramref name="newRefreshToken"/> that differs from the stored one
    /// replaces it (rotation); null or empty keeps the stored one. <paramref name="accessToken"/>, the access token Wix
    /// answered with, is shared in the same write when the store shares access tokens between processes, so the next
    /// holder of the lease finds it in <see cref="SharedToken"/> (a store that does not share ignores it). Ends the lease.
    /// </summary>
    Task CompleteRefreshAsync(string? newRefreshToken, WixSharedToken? accessToken, CancellationToken cancellationToken);

    /// <summary>
    /// Wix rejected the refresh token (<c>invalid_grant</c>): moves its ciphertext to quarantine (kept for the
    /// configured retention, restorable by the operator) and records the fallback. Ends the lease.
    /// </summary>
    Task MarkRefreshTokenRevokedAsync(string? errorCode, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the refresh token but records that it must not be presented before <paramref name="retryAt"/>: the
    /// installation is served by client credentials for <paramref name="reason"/> until then. Ends the lease.
    /// </summary>
    Task DeferRefreshAsync(WixFallbackReason reason, string errorCode, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>
    /// How many installations other than this one had their refresh token refused with <c>invalid_grant</c> since
    /// <paramref name="since"/>, by any process sharing the store (quarantined, or kept during an incident): what the
    /// mass-refusal incident detector counts, so that an incident is seen across a cluster, not per process. Does not
    /// end the lease.
    /// </summary>
    Task<int> CountRefusalsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>A transient failure: keeps the refresh token, records the error code. Ends the lease.</summary>
    Task RecordTransientFailureAsync(string errorCode, CancellationToken cancellationToken);
}
