using Microsoft.Extensions.Options;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// Links into the local Wix simulator, for the Development pages. Only when Wix's installer is on this machine (the
/// simulator, as scripts/run.sh wires it); against real Wix there is no such link and the pages leave it out.
/// </summary>
internal sealed class SimulatorLinks(IOptions<WixAuthOptions> options)
{
    private Uri? Simulator => options.Value.InstallerBaseUrl is { IsLoopback: true } url ? url : null;

    public Uri? MarketInstall => Simulator is { } s ? new Uri(s, "/_simulator/market/install") : null;

    /// <summary>Opens the app's dashboard as the site's owner would from Wix (a freshly signed instance).</summary>
    public Uri? Dashboard(string instanceId) => Simulator is { } s ? new Uri(s, $"/_simulator/sites/{Uri.EscapeDataString(instanceId)}/dashboard") : null;
}
