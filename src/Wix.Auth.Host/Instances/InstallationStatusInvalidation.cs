using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Instances;

/// <summary>
/// A removal or reinstall recorded by any process (the store's listener reports it within about a second) evicts the
/// instance's status here, so the token API answers 404 for a removed instance at once rather than after the status
/// cache's duration, which stays as the backstop while the listener reconnects. Expired rather than evicted: the last
/// reading stays as the stale-if-error copy for an outage that follows.
/// </summary>
internal sealed class InstallationStatusInvalidation(InstallationStatusCache statuses) : IWixInstallationChangeObserver
{
    public void OnInstallationChanged(WixInstallationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        statuses.Expire(change.InstanceId);
    }
}
