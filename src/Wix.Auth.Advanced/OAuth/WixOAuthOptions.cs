using Microsoft.AspNetCore.Authentication.OAuth;

namespace Wix.Auth.Advanced;

/// <summary>
/// The options of the <see cref="WixOAuthDefaults.AuthenticationScheme"/> scheme. Filled from <see cref="WixAuthOptions"/>
/// and <see cref="WixAdvancedOAuthOptions"/>; set these directly only to change framework behaviour (cookie settings, events).
/// </summary>
public sealed class WixOAuthOptions : OAuthOptions
{
    /// <summary>Creates the options with empty <see cref="WixOAuthEvents"/>.</summary>
    public WixOAuthOptions() => Events = new WixOAuthEvents();

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

    /// <summary>The configured <c>redirectUrl</c> sent to Wix: public base URL plus callback path.</summary>
    public string RedirectUrl { get; set; } = string.Empty;

    /// <summary>Where Wix's installer lives (<c>/installer/install</c>, <c>/installer/close-window</c>).</summary>
    public Uri InstallerBaseUrl { get; set; } = new("https://www.wix.com");

    /// <summary>See <see cref="WixAdvancedOAuthOptions.StateLifetime"/>.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>See <see cref="WixAdvancedOAuthOptions.MaxParameterLength"/>.</summary>
    public int MaxParameterLength { get; set; } = 2048;

    /// <summary>See <see cref="WixAdvancedOAuthOptions.OnboardingUrl"/>.</summary>
    public Uri? OnboardingUrl { get; set; }

    /// <summary>See <see cref="WixAdvancedOAuthOptions.OnboardingTicketLifetime"/>.</summary>
    public TimeSpan OnboardingTicketLifetime { get; set; } = TimeSpan.FromHours(1);
}
