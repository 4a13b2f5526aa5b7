namespace Wix.Auth;

/// <summary>
/// Finds out who an incoming Wix access token belongs to (a dashboard user's, a member's, a visitor's or an app's), by
/// asking Wix's Token Info. Successes are cached briefly by a SHA-256 of the token; failures never are.
/// </summary>
public interface IWixAccessTokenVerifier
{
    /// <summary>
    /// Verifies <paramref name="token"/> (the raw value, without <c>Bearer</c>): active, issued for this app, naming an
    /// instance. Concurrent calls for one token share one Token Info request.
    /// </summary>
    /// <exception cref="WixAccessTokenVerificationException">The token was refused, or Wix could not be asked.</exception>
    ValueTask<WixIdentity> VerifyAsync(string token, CancellationToken cancellationToken);
}
