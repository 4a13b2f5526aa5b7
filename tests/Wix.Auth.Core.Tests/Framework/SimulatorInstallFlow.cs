using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests.Framework;

/// <summary>Walks the simulator's installer consent (as a browser would) to obtain a real authorization code.</summary>
internal static class SimulatorInstallFlow
{
    public static async Task<(string Code, string InstanceId)> GetAuthorizationCodeAsync(WixSimulator simulator)
    {
        // Straight to the installer (no app in front of it): the redirect to RedirectUrl carries the code, unvisited.
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(new Uri(
            simulator.BaseUrl,
            $"/installer/install?appId={simulator.Control.AppId}&redirectUrl={Uri.EscapeDataString(SimulatorFixture.RedirectUrl)}"));
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        return (query["code"]!, query["instanceId"]!);
    }
}
