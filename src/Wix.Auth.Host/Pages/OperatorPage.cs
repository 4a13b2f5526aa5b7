using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Logging;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// <c>GET /operator/installations?page=</c>: every installation, newest first, paged, with its strategy, health and links
/// to its status page and (against the simulator) its dashboard. It needs the API key (<c>Authorization: Bearer</c>)
/// unless <c>WixAuth:Operator:AllowAnonymous</c> is set on purpose (local runs); the host environment never opens it.
/// </summary>
internal static class OperatorPage
{
    public static IEndpointRouteBuilder MapOperatorView(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/operator/installations", RenderAsync);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<WixAuthHostOptions>>().Value.Operator.AllowAnonymous)
        {
            HostLog.OperatorViewAnonymous(endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.Host.Operator"));
        }

        return endpoints;
    }

    private static async Task<IResult> RenderAsync(
        HttpContext context,
        ApiKeyValidator apiKeys,
        IWixInstallationStore store,
        IOptions<WixAuthHostOptions> options,
        SimulatorLinks simulator,
        CancellationToken cancellationToken)
    {
        if (OperatorGate.Check(context, apiKeys) is { } denied)
        {
            return denied;
        }

        var pageSize = options.Value.OperatorPageSize;
        var page = int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 1_000_000 ? p : 1;
        IReadOnlyList<WixInstallation> installations;
        try
        {
            // One extra row tells whether there is a next page without counting the table.
            installations = await store.ListAsync((page - 1) * pageSize, pageSize + 1, cancellationToken);
        }
        catch (WixStoreUnavailableException)
        {
            return HtmlPage.Error("Database unavailable", "The installations could not be read.", "Check /readyz and retry.", StatusCodes.Status503ServiceUnavailable);
        }

        var html = new StringBuilder("<table><thead><tr><th>Instance</th><th>Status</th><th>Strategy</th><th>Refresh token</th><th>Last refresh</th><th>Fallback</th><th>Last error</th><th></th></tr></thead><tbody>");
        foreach (var i in installations.Take(pageSize))
        {
            var healthy = i.Status == WixInstallationStatus.Installed && i.LastErrorCode is null;
            html.Append("<tr><td>").Append(HtmlPage.Encode(i.InstanceId))
                .Append("</td><td class=\"").Append(healthy ? "ok" : "warn").Append("\">").Append(i.Status == WixInstallationStatus.Installed ? "installed" : "removed")
                .Append("</td><td>").Append(HtmlPage.Encode(i.Strategy))
                .Append("</td><td>").Append(i.HasRefreshToken ? "yes" : "no")
                .Append("</td><td>").Append(HtmlPage.Encode(i.LastRefreshAt?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "—"))
                .Append("</td><td>").Append(HtmlPage.Encode(i.FallbackReason?.ToString() ?? "—"))
                .Append("</td><td>").Append(HtmlPage.Encode(i.LastErrorCode ?? "—"))
                .Append("</td><td>");
            AppendLinks(html, i.InstanceId, simulator);
            html.Append("</td></tr>");
        }

        html.Append("</tbody></table><nav>");
        if (page > 1)
        {
            html.Append("<a href=\"?page=").Append(page - 1).Append("\">Previous</a>");
        }

        if (installations.Count > pageSize)
        {
            html.Append("<a href=\"?page=").Append(page + 1).Append("\">Next</a>");
        }

        html.Append("</nav>");
        return HtmlPage.Render(string.Create(CultureInfo.InvariantCulture, $"Installations — page {page}"), html.ToString());
    }

    /// <summary>The row's links: the installation's status page and, against the simulator, its dashboard.</summary>
    internal static void AppendLinks(StringBuilder html, string instanceId, SimulatorLinks simulator)
    {
        html.Append("<a href=\"/operator/installations/").Append(HtmlPage.Encode(Uri.EscapeDataString(instanceId))).Append("\">Status</a>");
        if (simulator.Dashboard(instanceId) is { } dashboard)
        {
            html.Append(" · <a href=\"").Append(HtmlPage.Encode(dashboard.AbsoluteUri)).Append("\">Dashboard</a>");
        }
    }
}
