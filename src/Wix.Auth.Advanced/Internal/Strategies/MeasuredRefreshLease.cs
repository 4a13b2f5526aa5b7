namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>
/// Takes the refresh lease and records how long that took in <c>wix_auth.refresh_lock.wait</c>, whatever the end: a
/// long wait is another process refreshing the same instance (or a pool running dry), which operators need to see
/// before it turns into lock timeouts.
/// </summary>
internal static class MeasuredRefreshLease
{
    public static async Task<IWixRefreshLease> AcquireMeasuredLeaseAsync(
        this IWixRefreshTokenStore store, string instanceId, WixAdvancedMetrics metrics, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var outcome = "error";
        try
        {
            var lease = await store.AcquireRefreshLeaseAsync(instanceId, cancellationToken).ConfigureAwait(false);
            outcome = "acquired";
            return lease;
        }
        catch (WixStoreUnavailableException ex)
        {
            outcome = ex.InnerException is TimeoutException ? "timeout" : "unavailable";
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            metrics.RefreshLockWaited(timeProvider.GetElapsedTime(started), outcome);
        }
    }
}
