using System.Security.Cryptography;
using Wix.Auth.Simulator.Internal;
using Wix.Auth.Simulator.Internal.State;

namespace Wix.Auth.Simulator;

/// <summary>
/// The simulated Wix's control surface: create and remove installations, inject faults, read counters, mint signed
/// values. The HTTP control API under <c>/_simulator/</c> drives the same object. The state itself lives in
/// <c>Internal/State</c> (sites, issued tokens, pending grants, faults, the journal); this class only fronts it.
/// </summary>
public sealed partial class WixSimulatorControl
{
    private readonly InstanceSigner _instanceSigner;
    private readonly WebhookSigner _webhookSigner;
    private long _legacyLifetimeTicks;
    private volatile bool _rotateRefreshTokens;

    internal WixSimulatorControl(WixSimulatorOptions options, RSA webhookKey)
    {
        Options = options;
        _legacyLifetimeTicks = options.LegacyAccessTokenLifetime.Ticks;
        _rotateRefreshTokens = options.RotateRefreshTokens;
        _instanceSigner = new InstanceSigner(options.AppSecret);
        _webhookSigner = new WebhookSigner(webhookKey);
        PublicKeyPem = webhookKey.ExportSubjectPublicKeyInfoPem();
        Tokens = new IssuedTokens(Sites, options.TimeProvider);
        Grants = new PendingGrants(options.TimeProvider);
        RateLimit = new TokenRateLimit(options.TimeProvider);
    }

    internal WixSimulatorOptions Options { get; }

    internal TimeProvider Time => Options.TimeProvider;

    internal SimulatedSites Sites { get; } = new();

    internal IssuedTokens Tokens { get; }

    internal PendingGrants Grants { get; }

    internal FaultPlan Faults { get; } = new();

    internal TokenRateLimit RateLimit { get; }

    internal SimulatorJournal Journal { get; } = new();

    /// <summary>The registered app's ID.</summary>
    public string AppId => Options.AppId;

    /// <summary>The registered app's secret.</summary>
    public string AppSecret => Options.AppSecret;

    /// <summary>The app's webhook public key, SPKI PEM, as the Wix dashboard shows it.</summary>
    public string PublicKeyPem { get; }

    /// <summary>Counters of every grant served.</summary>
    public WixSimulatorCounters Counters { get; } = new();

    /// <summary>Where the simulator listens, once started.</summary>
    public Uri? BaseUrl { get; internal set; }

    /// <summary>When on, a refresh answers with a new refresh token and revokes the one presented.</summary>
    public bool RotateRefreshTokens
    {
        get => _rotateRefreshTokens;
        set => _rotateRefreshTokens = value;
    }

    /// <summary>Lifetime of access tokens issued on <c>/oauth/access</c>.</summary>
    public TimeSpan LegacyAccessTokenLifetime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _legacyLifetimeTicks));
        set => Interlocked.Exchange(ref _legacyLifetimeTicks, value.Ticks);
    }

    /// <summary>Instances that reached the close-window page with a valid access token.</summary>
    public IReadOnlyCollection<string> CompletedInstalls => Journal.ClosedWindows;

    /// <summary>Instances that sent <c>APP_FINISHED_CONFIGURATION</c>.</summary>
    public IReadOnlyCollection<string> ConfiguredInstances =>
        Sites.All.Where(i => i.Configured).Select(i => i.InstanceId).ToArray();

    /// <summary>The App Market's "install" link on this simulator (a reinstall on the site when <paramref name="instanceId"/> is given).</summary>
    public Uri CreateMarketInstallUrl(string? instanceId = null) =>
        CreateMarketInstallUrl(BaseUrl ?? throw new InvalidOperationException("The simulator has not started yet."), instanceId);

    /// <summary>The App Market's "install" link: it sends the browser to the App URL with a fresh one-time <c>token</c>.</summary>
    public Uri CreateMarketInstallUrl(Uri simulatorBaseUrl, string? instanceId = null)
    {
        ArgumentNullException.ThrowIfNull(simulatorBaseUrl);
        var query = instanceId is null ? string.Empty : "?instanceId=" + Uri.EscapeDataString(instanceId);
        return new Uri(simulatorBaseUrl, "/_simulator/market/install" + query);
    }

    /// <summary>Mints a signed <c>instance</c> parameter (HMAC-SHA256 with the app secret), as Wix puts on dashboard URLs.</summary>
    public string CreateSignedInstance(string instanceId, SignedInstanceFormat format = SignedInstanceFormat.UnpaddedBase64Url, string? appDefId = null, string? aid = null)
    {
        var instance = Sites.Get(instanceId);
        var now = Time.GetUtcNow();
        return _instanceSigner.Sign(new SignedInstancePayload(
            instanceId,
            appDefId ?? AppId,
            now,
            now.AddHours(4),
            instance.SiteId,
            aid), format);
    }

    internal bool TryVerifySignedInstance(string value, out SignedInstancePayload payload) => _instanceSigner.TryVerify(value, out payload);
}
