using Wix.Auth.Advanced.Internal.Strategies;
using Wix.Auth.Basic;

namespace Wix.Auth.Advanced;

/// <summary>
/// Advanced OAuth with a safety net: the instance's refresh token when it has a working one, client credentials when
/// the refresh token is missing, undecryptable or revoked (the fallback is recorded on the installation, logged and
/// counted in <c>wix_auth.fallbacks</c>). An installation migrated off legacy custom auth (preferred strategy client
/// credentials) asks client credentials first and uses the refresh token it keeps for a while only when Wix refuses them.
/// Registered as the <see cref="IWixAuthStrategy"/> by <c>AddAdvancedOAuth</c>; the token manager in front of it caches
/// and collapses concurrent callers.
/// </summary>
/// <exception cref="WixInstallationRemovedException">The app was removed from the site.</exception>
public sealed class WixAdvancedAuthStrategy : IWixAuthStrategy
{
    private readonly RefreshTokenStrategy _refresh;
    private readonly ClientCredentialsStrategy _clientCredentials;
    private readonly IWixInstallationStore _store;

    internal WixAdvancedAuthStrategy(RefreshTokenStrategy refresh, ClientCredentialsStrategy clientCredentials, IWixInstallationStore store)
    {
        _refresh = refresh;
        _clientCredentials = clientCredentials;
        _store = store;
    }

    /// <inheritdoc />
    public async ValueTask<WixAccessToken> AcquireTokenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var installation = await _store.FindAsync(instanceId, cancellationToken).ConfigureAwait(false);

        // Tied to the generation read before Wix was asked: a removal meanwhile makes this token the old generation's.
        var token = await AcquireAsync(instanceId, installation, cancellationToken).ConfigureAwait(false);
        return installation is null || token.Generation != 0 ? token : token with { Generation = installation.Generation };
    }

    private async ValueTask<WixAccessToken> AcquireAsync(string instanceId, WixInstallation? installation, CancellationToken cancellationToken)
    {
        if (installation is { Status: WixInstallationStatus.Installed, PreferredStrategy: WixAuthStrategyNames.ClientCredentials })
        {
            try
            {
                return await _clientCredentials.AcquireTokenAsync(instanceId, cancellationToken).ConfigureAwait(false);
            }
            catch (WixTokenException ex) when (!ex.IsTransient && installation.HasRefreshToken)
            {
                // What the kept refresh token is for: Wix refusing client credentials for a migrated instance.
                if (await _refresh.TryAcquireAsync(instanceId, installation, cancellationToken).ConfigureAwait(false) is { } token)
                {
                    return token;
                }

                throw;
            }
        }

        return await _refresh.TryAcquireAsync(instanceId, installation, cancellationToken).ConfigureAwait(false)
            ?? await _clientCredentials.AcquireTokenAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }
}
