namespace Wix.Auth.Basic;

/// <summary>
/// Basic OAuth: asks Wix for a fresh token with <c>grant_type=client_credentials</c> for the instance.
/// Needs nothing stored; every installed instance of the app can be served (wix-protocol.md §2).
/// </summary>
public sealed class ClientCredentialsStrategy : IWixAuthStrategy
{
    private readonly IWixTokenClient _client;

    /// <summary>Uses the shared Wix token client.</summary>
    public ClientCredentialsStrategy(IWixTokenClient client) => _client = client;

    /// <inheritdoc />
    public async ValueTask<WixAccessToken> AcquireTokenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var response = await _client.RequestClientCredentialsTokenAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return new WixAccessToken(instanceId, response.AccessToken, response.ExpiresAt, WixAuthStrategyNames.ClientCredentials);
    }
}
