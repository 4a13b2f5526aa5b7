namespace Wix.Auth.AspNetCore;

/// <summary>Names used by the Wix access-token authentication scheme.</summary>
public static class WixAccessTokenDefaults
{
    /// <summary>The scheme's default name: <c>[Authorize(AuthenticationSchemes = WixAccessTokenDefaults.AuthenticationScheme)]</c>.</summary>
    public const string AuthenticationScheme = "WixAccessToken";
}
