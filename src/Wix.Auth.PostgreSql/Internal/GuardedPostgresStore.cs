namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// What the store's contracts are registered as: each call of <see cref="PostgresInstallationStore"/>, its driver
/// failures turned into <see cref="WixStoreUnavailableException"/> (see <see cref="StoreFailures"/>), so no caller
/// ever catches an Npgsql or ADO.NET type. Kept apart from the SQL so the store's methods stay plain queries.
/// </summary>
internal sealed class GuardedPostgresStore(PostgresInstallationStore store)
    : IWixInstallationStore, IWixRefreshTokenStore, IWixAuthorizationCodeStore, IWixWebhookInbox
{
    public Task<WixInstallation?> FindAsync(string instanceId, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.FindAsync(instanceId, cancellationToken));

    public Task<IReadOnlyList<WixInstallation>> ListAsync(int offset, int limit, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.ListAsync(offset, limit, cancellationToken));

    public Task RecordInstalledAsync(string instanceId, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.RecordInstalledAsync(instanceId, cancellationToken));

    public Task<bool> RecordInstallingAsync(string instanceId, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.RecordInstallingAsync(instanceId, cancellationToken));

    public Task<WixCodeClaim> ClaimCodeAndRecordInstallingAsync(string instanceId, ReadOnlyMemory<byte> codeHash, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.ClaimCodeAndRecordInstallingAsync(instanceId, codeHash, cancellationToken));

    public Task AbandonInstallingAsync(string instanceId, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.AbandonInstallingAsync(instanceId, cancellationToken));

    public Task SaveRefreshTokenAsync(string instanceId, string refreshToken, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.SaveRefreshTokenAsync(instanceId, refreshToken, cancellationToken));

    public Task MarkRemovedAsync(string instanceId, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.MarkRemovedAsync(instanceId, cancellationToken));

    public Task RecordFallbackAsync(string instanceId, WixFallbackReason reason, string? errorCode, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.RecordFallbackAsync(instanceId, reason, errorCode, cancellationToken));

    public Task<IWixRefreshLease> AcquireRefreshLeaseAsync(string instanceId, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync<IWixRefreshLease>(async () =>
            new GuardedRefreshLease(await store.AcquireRefreshLeaseAsync(instanceId, cancellationToken).ConfigureAwait(false)));

    public Task<bool> TryClaimAuthorizationCodeAsync(string instanceId, ReadOnlyMemory<byte> codeHash, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.TryClaimAuthorizationCodeAsync(instanceId, codeHash, cancellationToken));

    public Task<WixWebhookOutcome> RecordWebhookEventAsync(WixWebhookEventRecord webhookEvent, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => store.RecordWebhookEventAsync(webhookEvent, cancellationToken));
}
