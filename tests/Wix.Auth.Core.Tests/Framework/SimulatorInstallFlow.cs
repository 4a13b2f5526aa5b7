using System.Text.RegularExpressions;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests.Framework;

/// <summary>Walks the simulator's installer consent (as a browser would) to obtain a real authorization code.</summary>
internal static partial class SimulatorInstallFlow
{
    public static async Task<(string Code, string InstanceId)> GetAuthorizationCodeAsync(WixSimulator simulator)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = simulator.BaseUrl };
        var page = await browser.GetStringAsync(
            new Uri($"/installer/install?appId={simulator.Control.AppId}&redirectUrl={Uri.EscapeDataString(SimulatorFixture.RedirectUrl)}", UriKind.Relative));
        var consent = ConsentField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("consent", consent)]);
        using var response = await browser.PostAsync(new Uri("/installer/consent", UriKind.Relative), form);
        var location = response.Headers.Location ?? throw new InvalidOperationException($"The consent answered {(int)response.StatusCode} without a redirect.");
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        return (query["code"]!, query["instanceId"]!);
    }

    [GeneratedRegex("name=\"consent\" value=\"([^\"]+)\"")]
    private static partial Regex ConsentField();
}
