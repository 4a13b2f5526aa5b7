namespace Wix.Auth.PostgreSql.Internal;

/// <summary>A refresh lease whose writes report a lost connection as <see cref="WixStoreUnavailableException"/>.</summary>
internal sealed class GuardedRefreshLease(IWixRefreshLease lease) : IWixRefreshLease
{
    public WixInstallation? Installation => lease.Installation;

    public string? RefreshToken => lease.RefreshToken;

    public bool RefreshTokenUndecryptable => lease.RefreshTokenUndecryptable;

    public long RowVersion => lease.RowVersion;

    public WixSharedToken? SharedToken => lease.SharedToken;

    public Task CompleteRefreshAsync(string? newRefreshToken, WixSharedToken? accessToken, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => lease.CompleteRefreshAsync(newRefreshToken, accessToken, cancellationToken));

    public Task MarkRefreshTokenRevokedAsync(string? errorCode, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => lease.MarkRefreshTokenRevokedAsync(errorCode, cancellationToken));

    public Task DeferRefreshAsync(WixFallbackReason reason, string errorCode, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => lease.DeferRefreshAsync(reason, errorCode, retryAt, cancellationToken));

    public Task<int> CountRefusalsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => lease.CountRefusalsSinceAsync(since, cancellationToken));

    public Task RecordTransientFailureAsync(string errorCode, CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => lease.RecordTransientFailureAsync(errorCode, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            throw StoreFailures.Wrap(ex);
        }
    }
}
