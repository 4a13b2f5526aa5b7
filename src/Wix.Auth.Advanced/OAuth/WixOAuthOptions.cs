using Microsoft.AspNetCore.Authentication.OAuth;

namespace Wix.Auth.Advanced;

/// <summary>
/// The settings of the install handshake, which are the options of the <see cref="WixOAuthDefaults.AuthenticationScheme"/>
/// scheme. Bound from configuration section <c>WixAuth:AdvancedOAuth</c> when an <c>IConfiguration</c> is registered; the
/// delegate given to <c>AddAdvancedOAuth</c> runs after the binding. The app ID, secret and Wix base URLs come from
/// <see cref="WixAuthOptions"/> (section <c>Wix</c>) and, with the redirect URL and the correlation cookie, are filled in
/// after configuration; the framework's settings (events, backchannel) can be set here as for any OAuth scheme.
/// </summary>
public sealed class WixOAuthOptions : OAuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "WixAuth:AdvancedOAuth";

    /// <summary>Creates the options with their defaults and empty <see cref="WixOAuthEvents"/>.</summary>
    public WixOAuthOptions()
    {
        Events = new WixOAuthEvents();
        CallbackPath = WixOAuthDefaults.CallbackPath;
    }

    /// <summary>
    /// The handshake's events (<see cref="WixOAuthEvents.OnInstalled"/>, <see cref="WixOAuthEvents.OnPersistFailed"/>) and
    /// the framework's OAuth events. Ignored when <see cref="Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions.EventsType"/>
    /// names a <see cref="WixOAuthEvents"/> type to resolve from DI.
    /// </summary>
    public new WixOAuthEvents Events
    {
        get => (WixOAuthEvents)base.Events;
        set => base.Events = value;
    }

    /// <summary>
    /// This server's public base URL (<c>WixAuth:AdvancedOAuth:PublicBaseUrl</c>), e.g. <c>https://auth.example.com</c>.
    /// The <c>redirectUrl</c> sent to Wix is this plus the callback path (<c>WixAuth:AdvancedOAuth:CallbackPath</c>, default
    /// <c>/oauth/callback</c>), and must be registered in the Wix dashboard. Required. Taken from configuration only, never
    /// from the request, so no Host header can redirect the owner elsewhere.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The App URL path (<c>WixAuth:AdvancedOAuth:InstallPath</c>). Default <c>/oauth/install</c>.</summary>
    public string InstallPath { get; set; } = WixOAuthDefaults.InstallPath;

    /// <summary>Where onboarding returns the browser with its ticket (<c>WixAuth:AdvancedOAuth:CompletePath</c>). Default <c>/oauth/complete</c>.</summary>
    public string CompletePath { get; set; } = WixOAuthDefaults.CompletePath;

    /// <summary>
    /// Optional external onboarding page of the app (<c>WixAuth:AdvancedOAuth:OnboardingUrl</c>). When set, the callback sends
    /// the owner there with <c>instanceId</c> and a signed one-time <c>ticket</c>; the page later sends the browser to
    /// <see cref="CompletePath"/><c>?ticket=…</c>, and we finish with Wix's close-window. When null, the callback goes straight to close-window.
    /// </summary>
    public Uri? OnboardingUrl { get; set; }

    /// <summary>
    /// Where the handshake's error pages send the owner to start again (<c>WixAuth:AdvancedOAuth:InstallAgainUrl</c>),
    /// e.g. the app's App Market page. When null, the pages say to start again from Wix, without a link.
    /// </summary>
    public Uri? InstallAgainUrl { get; set; }

    /// <summary>How long a handshake <c>state</c> is accepted (<c>WixAuth:AdvancedOAuth:StateLifetime</c>). Default 10 minutes, the life of a Wix code.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an onboarding ticket is accepted (<c>WixAuth:AdvancedOAuth:OnboardingTicketLifetime</c>). Default 1 hour.</summary>
    public TimeSpan OnboardingTicketLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest accepted length of one query parameter (<c>WixAuth:AdvancedOAuth:MaxParameterLength</c>). Default 2048.</summary>
    public int MaxParameterLength { get; set; } = 2048;

    /// <summary>
    /// Whether the correlation cookie requires HTTPS (<c>WixAuth:AdvancedOAuth:RequireHttpsCookies</c>). Default true;
    /// switch off only for plain-HTTP loopback tests and local runs.
    /// </summary>
    public bool RequireHttpsCookies { get; set; } = true;

    /// <summary>The <c>redirectUrl</c> sent to Wix: <see cref="PublicBaseUrl"/> plus the callback path. Filled in after configuration.</summary>
    public string RedirectUrl { get; set; } = string.Empty;

    /// <summary>Where Wix's installer lives (<c>/installer/install</c>, <c>/installer/close-window</c>). Filled in after configuration from <see cref="WixAuthOptions.InstallerBaseUrl"/>.</summary>
    public Uri InstallerBaseUrl { get; set; } = new("https://www.wix.com");
}
