using System.Net;
using Wix.Auth.Simulator;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>
/// The owner's install path driven over plain HTTP by the simulator's <see cref="BrowserlessInstaller"/> (the browser
/// test does the same in chromium): App Market → our App URL → the installer's consent → our callback → close-window.
/// The secrets seen on the way (code, state, the close-window access token) and our callback's body are handed to the
/// canary.
/// </summary>
internal static class InstallFlow
{
    /// <param name="Locations">Every URL the browser requested, in order, the close-window page last.</param>
    public sealed record Result(string InstanceId, string Code, string CloseWindowAccessToken, IReadOnlyList<Uri> Locations, HttpStatusCode FinalStatus);

    public static Task<Result> InstallAsync(ServerFixture fixture, string? reinstallInstanceId = null) =>
        InstallAsync(fixture.Simulator, fixture.Secrets, reinstallInstanceId);

    public static async Task<Result> InstallAsync(WixSimulator simulator, SecretRegistry secrets, string? reinstallInstanceId = null)
    {
        using var browser = new BrowserlessInstaller();
        var toCallback = await browser.InstallAsync(
            simulator.CreateMarketInstallUrl(reinstallInstanceId),
            stopBefore: url => url.AbsolutePath == "/oauth/callback");
        if (toCallback.FinalStatus != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The install ended at {toCallback.FinalUrl} ({(int)toCallback.FinalStatus}) before our callback: {toCallback.FinalBody}");
        }

        var callbackUrl = toCallback.FinalUrl;
        var locations = toCallback.Visited.ToList();
        var query = System.Web.HttpUtility.ParseQueryString(callbackUrl.Query);
        var code = query["code"]!;
        var instanceId = query["instanceId"]!;
        secrets.Add(code);
        secrets.Add(query["state"]);

        using var callback = await browser.GetAsync(callbackUrl);
        secrets.AddResponse(await callback.Content.ReadAsStringAsync());
        if (callback.Headers.Location is not { } closeWindow)
        {
            return new Result(instanceId, code, string.Empty, locations, callback.StatusCode);
        }

        locations.Add(closeWindow);
        var accessToken = System.Web.HttpUtility.ParseQueryString(closeWindow.Query)["access_token"] ?? string.Empty;
        secrets.Add(accessToken);
        using var closed = await browser.GetAsync(closeWindow);
        return new Result(instanceId, code, accessToken, locations, closed.StatusCode);
    }
}
