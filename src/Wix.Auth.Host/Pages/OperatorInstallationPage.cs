using System.Text;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// <c>GET /operator/installations/{instanceId}</c>: one installation's status, readable in a browser (the status API at
/// <c>/api/v1/instances/{instanceId}</c> says the same as JSON, for services). Same gate as the operator view.
/// </summary>
internal static class OperatorInstallationPage
{
    public static IEndpointRouteBuilder MapOperatorInstallation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/operator/installations/{instanceId}", RenderAsync);
        return endpoints;
    }

    private static async Task<IResult> RenderAsync(
        string instanceId,
        HttpContext context,
        ApiKeyValidator apiKeys,
        IWixInstallationStore store,
        SimulatorLinks simulator,
        CancellationToken cancellationToken)
    {
        if (OperatorGate.Check(context, apiKeys) is { } denied)
        {
            return denied;
        }

        WixInstallation? installation;
        try
        {
            installation = await store.FindAsync(instanceId, cancellationToken);
        }
        catch (WixStoreUnavailableException)
        {
            return HtmlPage.Error("Database unavailable", "The installation could not be read.", "Check /readyz and retry.", StatusCodes.Status503ServiceUnavailable);
        }

        if (installation is null)
        {
            return HtmlPage.Error("Unknown installation", "No installation has this instance ID.", "Go back to the operator view.", StatusCodes.Status404NotFound);
        }

        var html = new StringBuilder("<dl>");
        HtmlPage.DefinitionRow(html, "Instance", HtmlPage.Encode(installation.InstanceId));
        HtmlPage.DefinitionRow(html, "Status", installation.Status == WixInstallationStatus.Installed ? "<span class=\"ok\">installed</span>" : "<span class=\"bad\">removed</span>");
        HtmlPage.DefinitionRow(html, "Strategy", HtmlPage.Encode(installation.Strategy));
        HtmlPage.DefinitionRow(html, "Refresh token stored", installation.HasRefreshToken ? "yes (encrypted)" : "no");
        HtmlPage.DefinitionRow(html, "Installed", HtmlPage.Time(installation.InstalledAt));
        HtmlPage.DefinitionRow(html, "Last refresh", installation.LastRefreshAt is { } r ? HtmlPage.Time(r) : "—");
        HtmlPage.DefinitionRow(html, "Fallback", HtmlPage.Encode(installation.FallbackReason?.ToString() ?? "—"));
        HtmlPage.DefinitionRow(html, "Last error", HtmlPage.Encode(installation.LastErrorCode ?? "—"));
        html.Append("</dl><nav><a href=\"/operator/installations\">All installations</a>");
        if (simulator.Dashboard(installation.InstanceId) is { } dashboard)
        {
            html.Append("<a href=\"").Append(HtmlPage.Encode(dashboard.AbsoluteUri)).Append("\">Open its dashboard</a>");
        }

        html.Append("</nav><p class=\"hint\">For services: <code>curl -X POST -H \"Authorization: Bearer $KEY\" ")
            .Append(HtmlPage.Encode($"{context.Request.Scheme}://{context.Request.Host}/api/v1/instances/{installation.InstanceId}/token"))
            .Append("</code></p>");
        return HtmlPage.Render("Installation", html.ToString());
    }
}
