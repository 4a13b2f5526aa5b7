namespace Wix.Auth;

/// <summary>Who may be elevated to the app's token. Set in code (<c>services.Configure&lt;WixElevationOptions&gt;</c>).</summary>
public sealed class WixElevationOptions
{
    /// <summary>
    /// Asked before every elevation; false denies it. Default null allows every verified identity of this app, as the
    /// JS SDK's <c>elevated()</c> does. Wix warns that elevation is a privilege escalation: an app whose backend lets a
    /// visitor trigger app-level writes should allow only what it means to, e.g.
    /// <c>(identity, _) => ValueTask.FromResult(identity.IsWixUser)</c>.
    /// </summary>
    public Func<WixIdentity, CancellationToken, ValueTask<bool>>? Policy { get; set; }
}
