using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wix.Auth.AspNetCore;
using Wix.Auth.AspNetCore.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Wix access-token scheme and the handler that calls Wix as the request's user.</summary>
public static class WixAccessTokenAuthenticationExtensions
{
    /// <summary>
    /// Adds the scheme <see cref="WixAccessTokenDefaults.AuthenticationScheme"/>: the Wix access token in
    /// <c>Authorization</c> (raw or <c>Bearer</c>), verified with Token Info. Needs <c>AddWixAuth(...)</c>.
    /// </summary>
    public static AuthenticationBuilder AddWixAccessToken(this AuthenticationBuilder builder) =>
        builder.AddWixAccessToken(WixAccessTokenDefaults.AuthenticationScheme, configure: null);

    /// <summary>Adds the scheme under <paramref name="authenticationScheme"/>, e.g. to run it beside another one.</summary>
    public static AuthenticationBuilder AddWixAccessToken(this AuthenticationBuilder builder, string authenticationScheme, Action<AuthenticationSchemeOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        return builder.AddScheme<AuthenticationSchemeOptions, WixAccessTokenAuthenticationHandler>(authenticationScheme, "Wix access token", configure);
    }

    /// <summary>Adds <see cref="WixUserTokenHandler"/>: requests of this client carry the current request's verified user token.</summary>
    public static IHttpClientBuilder AddWixUserTokenForwarding(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddTransient<WixUserTokenHandler>();
        return builder.AddHttpMessageHandler<WixUserTokenHandler>();
    }
}
