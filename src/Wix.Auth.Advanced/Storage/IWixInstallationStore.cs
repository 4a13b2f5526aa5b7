namespace Wix.Auth.Advanced;

/// <summary>
/// Where installations and their refresh tokens live: the install handshake and the webhooks write them, the
/// operator pages read them. An implementation keeps every refresh token encrypted at rest; callers only ever see
/// plaintext in memory. Usable by an app that embeds the library without running the Wix.Auth server.
/// The other concerns of a store have their own contracts: <see cref="IWixRefreshTokenStore"/> (the refresh lease),
/// <see cref="IWixAuthorizationCodeStore"/> (code redemptions) and <see cref="IWixWebhookInbox"/> (webhook events).
/// Every method throws <see cref="WixStoreUnavailableException"/> when the store cannot be reached or does not
/// answer in time.
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
    /// The install handshake's write-ahead, before the authorization code is redeemed: records <paramref name="instanceId"/>
    /// as installed with <see cref="WixFallbackReason.Installing"/> and error code <c>exchange_pending</c>, so that a
    /// crash or a lost answer leaves an installation served by client credentials rather than an unknown instance.
    /// True when it wrote the row (a new or removed instance, or one still installing); false when the instance is
    /// already installed, which is left untouched (its refresh token is never put aside on the browser's word).
    /// </summary>
    Task<bool> RecordInstallingAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// The install callback's claim of its authorization code and its write-ahead as one durable write (one round trip,
    /// one commit): claims the code by its SHA-256 hash as <see cref="IWixAuthorizationCodeStore.TryClaimAuthorizationCodeAsync"/>
    /// does and, only when the claim is ours, records the write-ahead as <see cref="RecordInstallingAsync"/> does. Both
    /// are durable before this returns, so the code is presented to Wix at most once and only after its installation
    /// is recorded; a code claimed before writes nothing.
    /// </summary>
    Task<WixCodeClaim> ClaimCodeAndRecordInstallingAsync(string instanceId, ReadOnlyMemory<byte> codeHash, CancellationToken cancellationToken);

    /// <summary>
    /// Takes back <see cref="RecordInstallingAsync"/> when Wix did not confirm the callback's instance (Wix refused the
    /// code, the code was for another instance, or Token Info could not say): an installation still exactly as the write-ahead left it goes back
    /// to what it was — unknown when it was new, removed when it was removed; an earlier write-ahead's row stays.
    /// </summary>
    Task AbandonInstallingAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the refresh token obtained by the install handshake, replacing any older one, and sets the
    /// installation's strategy to refresh token. Records the instance as installed in the same write (a removed or
    /// unknown one as <see cref="RecordInstalledAsync"/> would), so the handshake's completion is one write. Throws when
    /// it could not be stored durably.
    /// </summary>
    Task SaveRefreshTokenAsync(string instanceId, string refreshToken, CancellationToken cancellationToken);

    /// <summary>Marks the installation removed and deletes its refresh token (AppRemoved). Idempotent.</summary>
    Task MarkRemovedAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Records that tokens for the instance now come from client credentials, and why.</summary>
    Task RecordFallbackAsync(string instanceId, WixFallbackReason reason, string? errorCode, CancellationToken cancellationToken);
}
