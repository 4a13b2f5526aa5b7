using System.Data.Common;
using System.Globalization;
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
        IHostEnvironment environment,
        ApiKeyValidator apiKeys,
        IWixInstallationStore store,
        SimulatorLinks simulator,
        CancellationToken cancellationToken)
    {
        if (OperatorGate.Check(context, environment, apiKeys) is { } denied)
        {
            return denied;
        }

        WixInstallation? installation;
        try
        {
            installation = await store.FindAsync(instanceId, cancellationToken);
        }
        catch (DbException)
        {
            return HtmlPage.Error("Database unavailable", "The installation could not be read.", "Check /readyz and retry.", StatusCodes.Status503ServiceUnavailable);
        }

        if (installation is null)
        {
            return HtmlPage.Error("Unknown installation", "No installation has this instance ID.", "Go back to the operator view.", StatusCodes.Status404NotFound);
        }

        var html = new StringBuilder("<dl>");
        Row(html, "Instance", HtmlPage.Encode(installation.InstanceId));
        Row(html, "Status", installation.Status == WixInstallationStatus.Installed ? "<span class=\"ok\">installed</span>" : "<span class=\"bad\">removed</span>");
        Row(html, "Strategy", HtmlPage.Encode(installation.Strategy));
        Row(html, "Refresh token stored", installation.HasRefreshToken ? "yes (encrypted)" : "no");
        Row(html, "Installed", Time(installation.InstalledAt));
        Row(html, "Last refresh", installation.LastRefreshAt is { } r ? Time(r) : "—");
        Row(html, "Fallback", HtmlPage.Encode(installation.FallbackReason?.ToString() ?? "—"));
        Row(html, "Last error", HtmlPage.Encode(installation.LastErrorCode ?? "—"));
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

    private static void Row(StringBuilder html, string term, string valueHtml) =>
        html.Append("<dt>").Append(HtmlPage.Encode(term)).Append("</dt><dd>").Append(valueHtml).Append("</dd>");

    private static string Time(DateTimeOffset at) => HtmlPage.Encode(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
}
