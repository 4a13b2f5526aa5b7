namespace Wix.Auth.Advanced.Internal.Storage;

/// <summary>An installation's generation moved on: the token manager drops the instance's older token.</summary>
internal sealed class TokenManagerInvalidation(IWixTokenManager tokens) : IWixInstallationChangeObserver
{
    public void OnInstallationChanged(WixInstallationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        tokens.Invalidate(change.InstanceId, change.Generation);
    }
}
