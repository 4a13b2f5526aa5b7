namespace Wix.Auth;

/// <summary>
/// The backchannel to Wix's token endpoints, one method per grant.
/// Transient failures are retried inside; <see cref="RedeemAuthorizationCodeAsync"/> is never retried
/// once the request may have reached Wix, because a code is single-use.
/// </summary>
public interface IWixTokenClient
{
    /// <summary><c>POST {api}/oauth2/token</c> with <c>grant_type=client_credentials</c> for <paramref name="instanceId"/>.</summary>
    Task<WixTokenResponse> RequestClientCredentialsTokenAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary><c>POST {api}/oauth/access</c> with <c>grant_type=authorization_code</c>.</summary>
    Task<WixTokenResponse> RedeemAuthorizationCodeAsync(string code, CancellationToken cancellationToken);

    /// <summary><c>POST {api}/oauth/access</c> with <c>grant_type=refresh_token</c>.</summary>
    Task<WixTokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST {api}/oauth/access</c> with <c>grant_type=refresh_token</c> for the installation of <paramref name="instanceId"/>:
    /// the instance is not sent, it only keys the per-instance rate-limit scope (<see cref="WixAuthOptions.RateLimitScope"/>).
    /// </summary>
    Task<WixTokenResponse> RefreshAsync(string refreshToken, string? instanceId, CancellationToken cancellationToken) =>
        RefreshAsync(refreshToken, cancellationToken);

    /// <summary><c>POST {api}/oauth2/token-info</c> for an access token or a signed <c>instance</c> value.</summary>
    Task<WixTokenInfo> GetTokenInfoAsync(string token, CancellationToken cancellationToken);
}
