namespace Wix.Auth;

/// <summary>The names a <see cref="WixAccessToken"/> reports as the strategy that produced it.</summary>
/// <remarks>They are the OAuth grant types on purpose: they appear in the token API's JSON.</remarks>
public static class WixAuthStrategyNames
{
    /// <summary>Basic OAuth: <c>client_credentials</c> on <c>/oauth2/token</c>.</summary>
    public const string ClientCredentials = "client_credentials";

    /// <summary>Advanced (legacy) OAuth: <c>refresh_token</c> on <c>/oauth/access</c>.</summary>
    public const string RefreshToken = "refresh_token";
}
