using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Wix.Auth.Host.Options;

namespace Wix.Auth.Host.Security;

/// <summary>
/// Trusts <c>X-Forwarded-For/-Proto/-Host</c> only when enabled and only from the configured proxies
/// (checklist I1). The framework's default of trusting loopback is cleared, so configuration is the only source.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public static void Configure(ForwardedHeadersOptions target, WixForwardedHeadersOptions source)
    {
        target.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        target.ForwardLimit = source.ForwardLimit;
        target.KnownProxies.Clear();
        target.KnownIPNetworks.Clear();
        foreach (var proxy in source.KnownProxies)
        {
            target.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in source.KnownNetworks)
        {
            target.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
