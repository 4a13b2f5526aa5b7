namespace Wix.Auth;

/// <summary>
/// Turns a verified user, member or visitor identity into the app's own token for that identity's instance (what the JS
/// SDK calls <c>elevated()</c>). Elevation is a privilege escalation: every one is audited, and
/// <see cref="WixElevationOptions.Policy"/> decides who may.
/// </summary>
public interface IWixTokenElevator
{
    /// <summary>The app's token for <paramref name="identity"/>'s instance, through the token manager (cached, shared).</summary>
    /// <exception cref="WixElevationDeniedException">The elevation policy said no.</exception>
    /// <exception cref="WixTokenException">Wix would not issue the app's token (e.g. the app is not installed).</exception>
    ValueTask<WixAccessToken> ElevateAsync(WixIdentity identity, CancellationToken cancellationToken);

    /// <summary>Verifies <paramref name="accessToken"/> (see <see cref="IWixAccessTokenVerifier"/>), then elevates it.</summary>
    /// <exception cref="WixAccessTokenVerificationException">The token was refused, or Wix could not be asked.</exception>
    ValueTask<WixAccessToken> ElevateAsync(string accessToken, CancellationToken cancellationToken);
}
