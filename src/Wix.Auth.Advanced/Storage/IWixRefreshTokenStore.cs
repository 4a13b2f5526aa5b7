namespace Wix.Auth.Advanced;

/// <summary>
/// The refresh-token grant's access to stored refresh tokens: one refresh of an instance at a time, whatever the
/// number of processes. Throws <see cref="WixStoreUnavailableException"/> when the store cannot be reached or the
/// lease cannot be had in time.
/// </summary>
public interface IWixRefreshTokenStore
{
    /// <summary>
    /// Serialises refreshes of one instance across every process sharing the store: waits until no other holder has
    /// the instance's lease, re-reads the installation and its refresh token (another process may have rotated it
    /// meanwhile) and hands back a lease. Disposing the lease without completing it keeps what was stored and lets
    /// the next holder in.
    /// </summary>
    Task<IWixRefreshLease> AcquireRefreshLeaseAsync(string instanceId, CancellationToken cancellationToken);
}
