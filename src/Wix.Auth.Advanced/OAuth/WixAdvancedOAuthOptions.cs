namespace Wix.Auth.Advanced;

/// <summary>
/// Settings of the advanced-OAuth install handshake. Bound from configuration section <c>WixAuth:AdvancedOAuth</c>
/// when an <c>IConfiguration</c> is registered; the delegate given to <c>AddAdvancedOAuth</c> runs after the binding.
/// The app ID, secret and Wix base URLs come from <see cref="WixAuthOptions"/> (section <c>Wix</c>).
/// </summary>
public sealed class WixAdvancedOAuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "WixAuth:AdvancedOAuth";

    /// <summary>
    /// This server's public base URL (<c>WixAuth:AdvancedOAuth:PublicBaseUrl</c>), e.g. <c>https://auth.example.com</c>.
    /// The <c>redirectUrl</c> sent to Wix is this plus <see cref="CallbackPath"/>, and must be registered in the Wix dashboard.
    /// Required. Taken from configuration only, never from the request, so no Host header can redirect the owner elsewhere.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The App URL path (<c>WixAuth:AdvancedOAuth:InstallPath</c>). Default <c>/oauth/install</c>.</summary>
    public string InstallPath { get; set; } = WixOAuthDefaults.InstallPath;

    /// <summary>The Redirect URL path (<c>WixAuth:AdvancedOAuth:CallbackPath</c>). Default <c>/oauth/callback</c>.</summary>
    public string CallbackPath { get; set; } = WixOAuthDefaults.CallbackPath;

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
}
