using Wix.Auth.Advanced.Internal.Strategies;
using Wix.Auth.Basic;

namespace Wix.Auth.Advanced;

/// <summary>
/// Advanced OAuth with a safety net: the instance's refresh token when it has a working one, client credentials when
/// the refresh token is missing, undecryptable or revoked (the fallback is recorded on the installation, logged and
/// counted in <c>wix_auth.fallbacks</c>). Registered as the <see cref="IWixAuthStrategy"/> by <c>AddAdvancedOAuth</c>;
/// the token manager in front of it caches and collapses concurrent callers.
/// </summary>
/// <exception cref="WixInstallationRemovedException">The app was removed from the site.</exception>
public sealed class WixAdvancedAuthStrategy : IWixAuthStrategy
{
    private readonly RefreshTokenStrategy _refresh;
    private readonly ClientCredentialsStrategy _clientCredentials;

    internal WixAdvancedAuthStrategy(RefreshTokenStrategy refresh, ClientCredentialsStrategy clientCredentials)
    {
        _refresh = refresh;
        _clientCredentials = clientCredentials;
    }

    /// <inheritdoc />
    public async ValueTask<WixAccessToken> AcquireTokenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return await _refresh.TryAcquireAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? await _clientCredentials.AcquireTokenAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }
}
