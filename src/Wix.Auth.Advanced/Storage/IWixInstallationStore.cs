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
    /// Stores the refresh token obtained by the install handshake, replacing any older one, and sets the
    /// installation's strategy to refresh token. Throws when it could not be stored durably.
    /// </summary>
    Task SaveRefreshTokenAsync(string instanceId, string refreshToken, CancellationToken cancellationToken);

    /// <summary>Marks the installation removed and deletes its refresh token (AppRemoved). Idempotent.</summary>
    Task MarkRemovedAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Records that tokens for the instance now come from client credentials, and why.</summary>
    Task RecordFallbackAsync(string instanceId, WixFallbackReason reason, string? errorCode, CancellationToken cancellationToken);
}
