namespace Wix.Auth.Simulator;

/// <summary>How the simulated Wix is set up: the one registered app and the simulator's own behaviour.</summary>
public sealed class WixSimulatorOptions
{
    /// <summary>The configuration section the standalone simulator binds.</summary>
    public const string SectionName = "Simulator";

    /// <summary>The registered app's ID.</summary>
    public string AppId { get; set; } = "0b0b5b8e-5f3c-4b9a-9d61-6a3a3f1c2d01";

    /// <summary>The registered app's secret. A fresh random one per start unless set.</summary>
    public string AppSecret { get; set; } = Guid.NewGuid().ToString();

    /// <summary>Shown on the consent page.</summary>
    public string AppName { get; set; } = "Sample App";

    /// <summary>The app's App URL: where the App Market sends the browser with a <c>token</c>.</summary>
    public Uri? AppUrl { get; set; }

    /// <summary>
    /// The app's dashboard page: the iframe Wix opens with <c>instance</c>, <c>locale</c>, <c>viewMode</c>… (see
    /// <c>CreateDashboardUrl</c>; <c>/_simulator/sites/{instanceId}/dashboard</c> opens it so).
    /// </summary>
    public Uri? DashboardUrl { get; set; }

    /// <summary>Lifetime of the tokens issued to dashboard users, members and visitors (4 hours, like Wix's other access tokens; assumed).</summary>
    public TimeSpan SiteTokenLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The registered redirect URLs; the installer refuses any other.</summary>
    public IList<string> RedirectUrls { get; set; } = new List<string>();

    /// <summary>Where webhooks are POSTed; none are sent when null.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Kestrel URLs; port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Lifetime of access tokens issued on <c>/oauth/access</c> (Wix documents 5 minutes, older pages 10).</summary>
    public TimeSpan LegacyAccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When on, the refresh grant answers with a new refresh token and revokes the one presented.</summary>
    public bool RotateRefreshTokens { get; set; }

    /// <summary>
    /// Delays between webhook re-deliveries after a failed attempt. Wix waits minutes to hours;
    /// the simulator compresses the schedule so tests can see re-delivery.
    /// </summary>
    public IList<TimeSpan> WebhookRetryDelays { get; } = new List<TimeSpan> { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) };

    /// <summary>When set, the RSA webhook key pair is read from (or, if missing, written to) this PEM file, so it survives restarts.</summary>
    public string? KeyPairPath { get; set; }

    /// <summary>When set, the webhook public key (SPKI PEM) is written here at start, for the app to configure.</summary>
    public string? PublicKeyOutputPath { get; set; }

    /// <summary>
    /// When set, sites, refresh tokens and access tokens are kept in this JSON file (written atomically, owner-only) and
    /// read back at start, so a restarted simulator behaves like Wix, which does not forget installs. Null (the default):
    /// state lives in memory only, as tests want.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>The clock; tests pass a fake one to expire codes and tokens.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
