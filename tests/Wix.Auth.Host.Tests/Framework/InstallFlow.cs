using System.Net;
using System.Text.RegularExpressions;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>
/// The owner's install path driven over plain HTTP (the browser test does the same in chromium): App Market → our
/// App URL → the installer's consent → our callback → close-window. Every URL and body seen is kept for the canary.
/// </summary>
internal static partial class InstallFlow
{
    public sealed record Result(string InstanceId, string Code, string CloseWindowAccessToken, IReadOnlyList<string> Locations, HttpStatusCode FinalStatus);

    public static Task<Result> InstallAsync(ServerFixture fixture, string? reinstallInstanceId = null) =>
        InstallAsync(fixture.Simulator, fixture.Secrets, reinstallInstanceId);

    public static async Task<Result> InstallAsync(Wix.Auth.Simulator.WixSimulator simulator, SecretRegistry secrets, string? reinstallInstanceId = null)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies });
        var locations = new List<string>();

        var appUrl = await RedirectAsync(client, simulator.CreateMarketInstallUrl(reinstallInstanceId), locations);
        var installerUrl = await RedirectAsync(client, appUrl, locations);
        var consentPage = await client.GetStringAsync(installerUrl);
        secrets.AddResponse(consentPage);
        var consentId = ConsentField().Match(consentPage).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("consent", consentId)]);
        using var consent = await client.PostAsync(new Uri(simulator.BaseUrl, "/installer/consent"), form);
        var callbackUrl = consent.Headers.Location ?? throw new InvalidOperationException($"consent answered {consent.StatusCode}");
        locations.Add(callbackUrl.ToString());
        var query = System.Web.HttpUtility.ParseQueryString(callbackUrl.Query);
        var code = query["code"]!;
        var instanceId = query["instanceId"]!;
        secrets.Add(code);
        secrets.Add(query["state"]);

        using var callback = await client.GetAsync(callbackUrl);
        var callbackBody = await callback.Content.ReadAsStringAsync();
        secrets.AddResponse(callbackBody);
        if (callback.Headers.Location is not { } closeWindow)
        {
            return new Result(instanceId, code, string.Empty, locations, callback.StatusCode);
        }

        locations.Add(closeWindow.ToString());
        var accessToken = System.Web.HttpUtility.ParseQueryString(closeWindow.Query)["access_token"] ?? string.Empty;
        secrets.Add(accessToken);
        using var closed = await client.GetAsync(closeWindow);
        return new Result(instanceId, code, accessToken, locations, closed.StatusCode);
    }

    private static async Task<Uri> RedirectAsync(HttpClient client, Uri url, List<string> locations)
    {
        using var response = await client.GetAsync(url);
        var location = response.Headers.Location
            ?? throw new InvalidOperationException($"{url.AbsolutePath} answered {(int)response.StatusCode} instead of a redirect: {await response.Content.ReadAsStringAsync()}");
        var absolute = location.IsAbsoluteUri ? location : new Uri(url, location);
        locations.Add(absolute.ToString());
        return absolute;
    }

    [GeneratedRegex("name=\"consent\" value=\"([^\"]+)\"")]
    private static partial Regex ConsentField();
}
