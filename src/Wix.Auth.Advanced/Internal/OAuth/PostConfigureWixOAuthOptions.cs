using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// Fills the handshake scheme's derived values after every configuration has run (as the framework's
/// <c>OAuthPostConfigureOptions</c> does): the app's ID and secret and Wix's endpoints from <see cref="WixAuthOptions"/>,
/// the redirect URL from the public base URL and callback path, and the fixed protocol choices (no PKCE, no saved tokens,
/// the correlation cookie's shape).
/// </summary>
internal sealed class PostConfigureWixOAuthOptions(IOptions<WixAuthOptions> wix, TimeProvider timeProvider) : IPostConfigureOptions<WixOAuthOptions>
{
    public void PostConfigure(string? name, WixOAuthOptions options)
    {
        if (name != WixOAuthDefaults.AuthenticationScheme)
        {
            return;
        }

        var app = wix.Value;
        options.ClientId = app.AppId;
        options.ClientSecret = app.AppSecret;
        options.InstallerBaseUrl = app.InstallerBaseUrl;
        options.AuthorizationEndpoint = new Uri(app.InstallerBaseUrl, "/installer/install").AbsoluteUri;
        options.TokenEndpoint = new Uri(app.ApiBaseUrl, "/oauth/access").AbsoluteUri;
        options.RedirectUrl = options.PublicBaseUrl is { } publicBase
            ? publicBase.AbsoluteUri.TrimEnd('/') + options.CallbackPath
            : string.Empty;
        options.RemoteAuthenticationTimeout = options.StateLifetime;
        options.TimeProvider = timeProvider;
        // Wix's installer takes no PKCE parameters (style.md habit 10).
        options.UsePkce = false;
        options.SaveTokens = false;
        // The return from Wix is a top-level GET navigation: Lax is enough and keeps the cookie off cross-site POSTs.
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        if (options.RequireHttpsCookies)
        {
            // __Host-: the browser takes it only over https, from this host, for path /, with no Domain — no sibling
            // subdomain or plain-http page can plant or overwrite it (RFC 6265bis §4.1.3.2).
            options.CorrelationCookie.Name = CorrelationCookies.SecureName;
            options.CorrelationCookie.Path = "/";
            options.CorrelationCookie.Domain = null;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        }
        else
        {
            options.CorrelationCookie.Name = CorrelationCookies.PlainName;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }
    }
}
