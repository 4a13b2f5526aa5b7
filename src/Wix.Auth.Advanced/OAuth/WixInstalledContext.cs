using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Wix.Auth.Advanced;

/// <summary>The context of <see cref="WixOAuthEvents.OnInstalled"/>: the handshake stored the installation of <see cref="InstanceId"/>.</summary>
public sealed class WixInstalledContext : BaseContext<WixOAuthOptions>
{
    /// <summary>Creates the context; the handler does this.</summary>
    public WixInstalledContext(HttpContext context, AuthenticationScheme scheme, WixOAuthOptions options, string instanceId, bool refreshTokenStored)
        : base(context, scheme, options)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        InstanceId = instanceId;
        RefreshTokenStored = refreshTokenStored;
    }

    /// <summary>The Wix instance (site installation) the handshake was for, checked against the token Wix issued.</summary>
    public string InstanceId { get; }

    /// <summary>
    /// True when Wix issued a refresh token and it was stored, so the instance's tokens now come from it; false when Wix
    /// issued none and the instance uses client credentials.
    /// </summary>
    public bool RefreshTokenStored { get; }
}
