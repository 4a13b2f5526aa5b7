namespace Wix.Auth.Advanced;

/// <summary>
/// Told of every <see cref="WixInstallationChange"/> recorded by any process sharing the store, within about a second
/// (the PostgreSQL store LISTENs for them). Register any number with
/// <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IWixInstallationChangeObserver, T&gt;())</c>; the token
/// manager's is registered by <c>AddAdvancedOAuth</c>. Called on the listener's thread: return quickly, never throw.
/// </summary>
/// <remarks>
/// A change may be reported more than once (after a lost connection the listener reports what changed while it was
/// away, and may repeat some): observers must be idempotent. Drop caches; do not count on it to apply business logic.
/// </remarks>
public interface IWixInstallationChangeObserver
{
    /// <summary>Reacts to <paramref name="change"/>, e.g. by dropping what is cached about its instance.</summary>
    void OnInstallationChanged(WixInstallationChange change);
}
