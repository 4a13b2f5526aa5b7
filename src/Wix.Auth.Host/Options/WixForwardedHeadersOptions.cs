namespace Wix.Auth.Host.Options;

/// <summary>
/// Whether and from whom <c>X-Forwarded-For/-Proto/-Host</c> are honoured (checklist I1): only from the listed proxies,
/// because a spoofed host or scheme would change the redirect URI the handshake computes.
/// </summary>
internal sealed class WixForwardedHeadersOptions
{
    /// <summary>Honour forwarded headers at all. Off by default: directly on <c>http://localhost</c> there is no proxy.</summary>
    public bool Enabled { get; set; }

    /// <summary>IP addresses of trusted proxies (<c>WixAuth:ForwardedHeaders:KnownProxies:0..n</c>).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Trusted proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies in front of us append to <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;
}
