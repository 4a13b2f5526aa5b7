namespace Wix.Auth.Host.Options;

/// <summary>The server's own settings, bound from configuration section <c>WixAuth</c>.</summary>
internal sealed class WixAuthHostOptions
{
    public const string SectionName = "WixAuth";

    /// <summary>
    /// This server's external base URL (scheme, host, optional path base), e.g. <c>https://auth.example.com</c>.
    /// The Redirect URL registered at Wix is <c>{PublicBaseUrl}/oauth/callback</c>.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Bearer keys accepted by the token API (<c>WixAuth:ApiKeys:0..n</c>). Compared in constant time per length (see docs/security.md, "API keys").</summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>Send Wix's <c>APP_FINISHED_CONFIGURATION</c> BI event right after a successful install handshake.</summary>
    public bool FinishSetupAfterInstall { get; set; }

    /// <summary>
    /// How long the token API trusts a read of an installation's status. Removal through a webhook is seen at once
    /// by the process that received it and within this time by every other process sharing the database.
    /// </summary>
    public TimeSpan InstallationCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long after its last successful read an installation's status is still served when the database cannot be
    /// reached (<c>WixAuth__InstallationStaleIfError</c>), so instances whose tokens are in memory keep working through an
    /// outage. A removal recorded during the outage is seen once the database answers again. Zero turns it off. Default 10 minutes.
    /// </summary>
    public TimeSpan InstallationStaleIfError { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many instances' status the token API keeps in memory before evicting. Default 100 000, as the token cache.</summary>
    public int InstallationCacheSize { get; set; } = 100_000;

    /// <summary>Requests per client address per minute accepted on <c>/oauth/install</c> and <c>/oauth/callback</c>.</summary>
    public int HandshakeRequestsPerMinute { get; set; } = 60;

    /// <summary>Installations per page of the operator view.</summary>
    public int OperatorPageSize { get; set; } = 50;

    /// <summary>Access to the operator view (<c>WixAuth:Operator</c>).</summary>
    public WixOperatorOptions Operator { get; set; } = new();

    /// <summary>Telemetry (<c>WixAuth:Telemetry</c>).</summary>
    public WixTelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Reverse-proxy trust (<c>WixAuth:ForwardedHeaders</c>).</summary>
    public WixForwardedHeadersOptions ForwardedHeaders { get; set; } = new();
}
