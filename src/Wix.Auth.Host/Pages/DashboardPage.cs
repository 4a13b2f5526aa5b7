using System.Text;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// <c>GET /dashboard?instance=…</c>: the app's dashboard page as Wix opens it in an iframe. The signed <c>instance</c>
/// parameter is verified (HMAC-SHA256 with the app secret) before anything is shown, and only that instance's status.
/// A dashboard extension may instead send the Wix user's token in <c>Authorization</c>; it is verified with Token Info.
/// </summary>
internal static class DashboardPage
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dashboard", RenderAsync);
        return endpoints;
    }

    private static async Task<IResult> RenderAsync(
        HttpContext context,
        IWixInstanceVerifier verifier,
        IWixAccessTokenVerifier tokens,
        IWixInstallationStore store,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var instance = context.Request.Query["instance"].ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(instance) && string.IsNullOrEmpty(authorization))
        {
            return HtmlPage.Error(
                "Open this page from Wix",
                "This page needs the signed instance Wix adds when it opens your app's dashboard.",
                "Open the app from your site's dashboard on Wix.",
                StatusCodes.Status400BadRequest);
        }

        // The signed instance (the iframe URL) or the Wix user's token (what a dashboard extension sends in
        // Authorization): either way one verified identity, never an instance ID taken from the browser as is.
        var (identity, refusal) = string.IsNullOrEmpty(instance)
            ? await DashboardIdentity.FromAccessTokenAsync(tokens, authorization, loggers, cancellationToken)
            : DashboardIdentity.FromSignedInstance(verifier, instance, loggers);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!identity!.IsWixUser)
        {
            // An anonymous visitor's instance (aid, no owner permissions) must not see the owner's page (checklist G2).
            return HtmlPage.Error(
                "Only for the site's owner",
                "This page shows the app's status to the site's owner and collaborators.",
                "Sign in to Wix as the site owner and open the app from the site's dashboard.",
                StatusCodes.Status403Forbidden);
        }

        WixInstallation? installation;
        try
        {
            installation = await store.FindAsync(identity.InstanceId, cancellationToken);
        }
        catch (WixStoreUnavailableException)
        {
            return HtmlPage.Error(
                "Temporarily unavailable",
                "The app's status could not be read right now.",
                "Reload the page in a minute.",
                StatusCodes.Status503ServiceUnavailable);
        }

        return HtmlPage.Render("App status", Describe(identity.InstanceId, installation));
    }

    private static string Describe(string instanceId, WixInstallation? installation)
    {
        var html = new StringBuilder("<dl>");
        HtmlPage.DefinitionRow(html, "Site instance", HtmlPage.Encode(instanceId));
        if (installation is null)
        {
            html.Append("</dl><p class=\"warn\">The app has no record of this site yet. If you just installed it, reload in a few seconds.</p>");
            return html.ToString();
        }

        var installed = installation.Status == WixInstallationStatus.Installed;
        HtmlPage.DefinitionRow(html, "Status", installed ? "<span class=\"ok\">Installed</span>" : "<span class=\"bad\">Removed</span>");
        HtmlPage.DefinitionRow(html, "Access via", HtmlPage.Encode(installation.Strategy == WixAuthStrategyNames.RefreshToken ? "Refresh token (advanced OAuth)" : "Client credentials"));
        HtmlPage.DefinitionRow(html, "Refresh token stored", installation.HasRefreshToken ? "Yes (encrypted)" : "No");
        HtmlPage.DefinitionRow(html, "Installed", HtmlPage.Time(installation.InstalledAt));
        HtmlPage.DefinitionRow(html, "Last refresh", installation.LastRefreshAt is { } r ? HtmlPage.Time(r) : "—");
        if (installation.LastFallbackAt is { } fallbackAt)
        {
            HtmlPage.DefinitionRow(html, "Fell back to client credentials", $"{HtmlPage.Time(fallbackAt)} ({HtmlPage.Encode(installation.FallbackReason?.ToString())})");
        }

        if (installation.LastErrorCode is { } error)
        {
            HtmlPage.DefinitionRow(html, "Last error", $"<span class=\"warn\">{HtmlPage.Encode(error)}</span>");
        }

        html.Append("</dl>");
        return html.ToString();
    }
}
