namespace Wix.Auth;

/// <summary>
/// Acquires an access token for one installation (app instance) of the Wix app.
/// Every way of getting a token (client credentials, refresh token, a composition of both)
/// is a strategy, so callers never depend on how the token was obtained.
/// </summary>
/// <remarks>
/// Strategies do not cache: the <see cref="IWixTokenManager"/> in front of them does, and it
/// guarantees that concurrent callers for one instance cause one upstream request.
/// </remarks>
public interface IWixAuthStrategy
{
    /// <summary>Acquires a fresh access token for <paramref name="instanceId"/> from Wix.</summary>
    /// <exception cref="WixTokenException">Wix refused or could not be reached.</exception>
    ValueTask<WixAccessToken> AcquireTokenAsync(string instanceId, CancellationToken cancellationToken);
}
