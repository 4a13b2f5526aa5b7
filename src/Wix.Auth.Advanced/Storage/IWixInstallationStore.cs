namespace Wix.Auth.Advanced;

/// <summary>
/// Where installations and their refresh tokens live. The PostgreSQL implementation encrypts every
/// refresh token with Data Protection under a purpose bound to the instance; callers only ever see plaintext
/// in memory. Usable by an app that embeds the library without running the Wix.Auth server.
/// </summary>
public interface IWixInstallationStore
{
    /// <summary>The installation of <paramref name="instanceId"/>, or null when we never heard of it.</summary>
    Task<WixInstallation?> FindAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Pages through installations newest first (latest install, then instance ID), for the operator view.</summary>
    Task<IReadOnlyList<WixInstallation>> ListAsync(int offset, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the app is installed on <paramref name="instanceId"/> (AppInstalled webhook, or the callback
    /// before the code is redeemed). Idempotent; never touches a stored refresh token.
    /// </summary>
    Task RecordInstalledAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the refresh token obtained by the install handshake, replacing any older one, and sets the
    /// installation's strategy to refresh token. Throws when it could not be stored durably.
    /// </summary>
    Task SaveRefreshTokenAsync(string instanceId, string refreshToken, CancellationToken cancellationToken);

    /// <summary>Marks the installation removed and deletes its refresh token (AppRemoved). Idempotent.</summary>
    Task MarkRemovedAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Records that tokens for the instance now come from client credentials, and why.</summary>
    Task RecordFallbackAsync(string instanceId, WixFallbackReason reason, string? errorCode, CancellationToken cancellationToken);

    /// <summary>
    /// Serialises refreshes of one instance across every process sharing the database: takes a PostgreSQL
    /// advisory lock for the instance inside a transaction, re-reads the installation (another process may have
    /// rotated the refresh token meanwhile) and hands back a lease. Disposing the lease ends the transaction and
    /// releases the lock.
    /// </summary>
    Task<IWixRefreshLease> AcquireRefreshLeaseAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an authorization code for redemption, by the SHA-256 hash of the code (never the code itself).
    /// True only for the first claimer across every process; a code is presented to Wix at most once
    /// (RFC 6749 section 4.1.2: an authorization server may revoke everything issued from a reused code).
    /// </summary>
    Task<bool> TryClaimAuthorizationCodeAsync(string instanceId, ReadOnlyMemory<byte> codeHash, CancellationToken cancellationToken);

    /// <summary>
    /// Records a verified webhook event exactly once and applies its effect in the same transaction: the event row is
    /// inserted with <c>ON CONFLICT DO NOTHING</c> (a re-delivery changes nothing), and an effect older than the last
    /// one applied to the instance is recorded but not applied (out-of-order delivery). Returns only after the commit,
    /// so a caller may acknowledge the event; throws when the database is unavailable.
    /// </summary>
    Task<WixWebhookOutcome> RecordWebhookEventAsync(WixWebhookEventRecord webhookEvent, CancellationToken cancellationToken);
}
