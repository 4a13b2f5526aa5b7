using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wix.Auth.Simulator.Internal;

namespace Wix.Auth.Simulator.Endpoints;

/// <summary>The browser side of Wix: App Market link, installer consent page, close-window (wix-protocol.md §3.2).</summary>
internal static class InstallerEndpoints
{
    public static void MapInstallerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_simulator/market", MarketPage);
        app.MapGet("/_simulator/market/install", StartInstall);
        app.MapGet("/installer/install", InstallPage);
        app.MapPost("/installer/consent", ConsentAsync);
        app.MapGet("/installer/close-window", CloseWindow);
    }

    private static IResult MarketPage(WixSimulatorControl control) =>
        Responses.Page(
            "App Market",
            $"""<p>{WebUtility.HtmlEncode(control.Options.AppName)}</p><p><a id="install" href="/_simulator/market/install">Install</a></p>""");

    /// <summary>The App Market's "Add to site": a fresh one-time token and off to the app's App URL.</summary>
    private static IResult StartInstall(WixSimulatorControl control, string? instanceId)
    {
        if (control.Options.AppUrl is not { } appUrl)
        {
            return Responses.Page("Not available", "<p>The app has no App URL registered.</p>", 400);
        }

        if (instanceId is not null && !control.Sites.TryGet(instanceId, out _))
        {
            return Responses.Page("Unknown site", "<p>No site has this instance.</p>", 404);
        }

        var token = control.Grants.NewMarketToken(instanceId);
        return Results.Redirect(AppendQuery(appUrl.ToString(), ("token", token.Token)));
    }

    private static IResult InstallPage(WixSimulatorControl control, string? appId, string? redirectUrl, string? state, string? token)
    {
        if (appId != control.AppId)
        {
            return Responses.Page("App not found", "<p>There is no app with this appId.</p>", 400);
        }

        if (string.IsNullOrEmpty(redirectUrl) || !control.Options.RedirectUrls.Contains(redirectUrl, StringComparer.Ordinal))
        {
            return Responses.Page("Installation failed", "<p>We couldn't find an app with this redirect url.</p>", 400);
        }

        MarketToken? marketToken = null;
        if (token is not null)
        {
            if (!control.Grants.TryGetMarketToken(token, out var found) || Volatile.Read(ref found.Used) == 1 || found.ExpiresAt <= control.Time.GetUtcNow())
            {
                return Responses.Page("Installation failed", "<p>This install link is invalid or was already used. Start again from the App Market.</p>", 400);
            }

            marketToken = found;
        }

        var consent = control.Grants.NewConsent(redirectUrl, state, marketToken);
        var name = WebUtility.HtmlEncode(control.Options.AppName);
        return Responses.Page(
            $"Add {control.Options.AppName} to your site",
            $"""
            <p><strong>{name}</strong> is asking for permission to:</p>
            <ul><li>Read site, business and email details</li><li>Manage your app</li></ul>
            <form method="post" action="/installer/consent">
              <input type="hidden" name="consent" value="{consent.Id}">
              <button type="submit" id="agree">Agree &amp; add</button>
            </form>
            """);
    }

    private static async Task<IResult> ConsentAsync(HttpContext context, WixSimulatorControl control)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!control.Grants.TryTakeConsent(form["consent"].ToString(), out var consent))
        {
            return Responses.Page("Installation failed", "<p>This consent was already given or has expired.</p>", 400);
        }

        if (consent.MarketToken is { } marketToken && Interlocked.Exchange(ref marketToken.Used, 1) == 1)
        {
            return Responses.Page("Installation failed", "<p>This install link was already used.</p>", 400);
        }

        var instance = consent.MarketToken?.InstanceId is { } existing
            ? control.Sites.Get(existing)
            : control.Sites.Add(originInstanceId: null);
        var newlyInstalled = !instance.Installed;
        instance.Installed = true;
        var code = control.Grants.NewCode(instance.InstanceId);
        if (newlyInstalled)
        {
            control.SendWebhook("AppInstalled", instance.InstanceId, $$"""{"appId":"{{control.AppId}}"}""");
        }

        var query = new List<(string, string)> { ("code", code.Code) };
        if (consent.State is not null)
        {
            query.Add(("state", consent.State));
        }

        query.Add(("instanceId", instance.InstanceId));
        return Results.Redirect(AppendQuery(consent.RedirectUrl, [.. query]));
    }

    private static IResult CloseWindow(WixSimulatorControl control, string? access_token)
    {
        if (access_token is null || !control.Tokens.IsAccessTokenValid(access_token, out var record))
        {
            return Responses.Page("Something went wrong", "<p>The app did not complete the installation.</p>", 400);
        }

        control.Journal.RecordClosedWindow(record.InstanceId);
        return Responses.Page("Installation complete", $"<p id=\"done\">{WebUtility.HtmlEncode(control.Options.AppName)} was added to your site. You can close this window.</p>");
    }

    private static string AppendQuery(string url, params (string Name, string Value)[] parameters)
    {
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        return url + separator + query;
    }
}
