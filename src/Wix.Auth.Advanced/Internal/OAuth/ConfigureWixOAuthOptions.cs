using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>Derives the scheme's framework options from the Wix app settings and the handshake settings.</summary>
internal sealed class ConfigureWixOAuthOptions(
    IOptions<WixAuthOptions> wix,
    IOptions<WixAdvancedOAuthOptions> advanced,
    TimeProvider timeProvider) : IConfigureNamedOptions<WixOAuthOptions>
{
    public void Configure(string? name, WixOAuthOptions options)
    {
        if (name != WixOAuthDefaults.AuthenticationScheme)
        {
            return;
        }

        var app = wix.Value;
        var handshake = advanced.Value;
        options.ClientId = app.AppId;
        options.ClientSecret = app.AppSecret;
        options.InstallerBaseUrl = app.InstallerBaseUrl;
        options.AuthorizationEndpoint = new Uri(app.InstallerBaseUrl, "/installer/install").AbsoluteUri;
        options.TokenEndpoint = new Uri(app.ApiBaseUrl, "/oauth/access").AbsoluteUri;
        options.CallbackPath = handshake.CallbackPath;
        options.RedirectUrl = handshake.PublicBaseUrl is { } publicBase
            ? publicBase.AbsoluteUri.TrimEnd('/') + handshake.CallbackPath
            : string.Empty;
        options.OnboardingUrl = handshake.OnboardingUrl;
        options.OnboardingTicketLifetime = handshake.OnboardingTicketLifetime;
        options.StateLifetime = handshake.StateLifetime;
        options.MaxParameterLength = handshake.MaxParameterLength;
        options.RemoteAuthenticationTimeout = handshake.StateLifetime;
        options.TimeProvider = timeProvider;
        // Wix's installer takes no PKCE parameters (style.md habit 10).
        options.UsePkce = false;
        options.SaveTokens = false;
        // The return from Wix is a top-level GET navigation: Lax is enough and keeps the cookie off cross-site POSTs.
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        if (handshake.RequireHttpsCookies)
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

    public void Configure(WixOAuthOptions options) => Configure(Options.DefaultName, options);
}
