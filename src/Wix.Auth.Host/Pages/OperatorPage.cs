using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Logging;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// <c>GET /operator/installations?page=</c>: every installation, paged, with its strategy and health. It needs the API
/// key (<c>Authorization: Bearer</c>) unless <c>WixAuth:Operator:AllowAnonymous</c> is set on purpose (local runs);
/// the host environment never opens it.
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
        ILoggerFactory loggers,
        ApiKeyValidator apiKeys,
        IWixInstallationStore store,
        IOptions<WixAuthHostOptions> options,
        CancellationToken cancellationToken)
    {
        if (!options.Value.Operator.AllowAnonymous && !apiKeys.IsAuthorized(context.Request))
        {
            HostLog.ApiKeyRejected(loggers.CreateLogger("Wix.Auth.Host.Operator"), context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return HtmlPage.Error(
                "Sign-in required",
                "The operator view needs one of the server's API keys.",
                "Send 'Authorization: Bearer <key>'.",
                StatusCodes.Status401Unauthorized);
        }

        var pageSize = options.Value.OperatorPageSize;
        var page = int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 1_000_000 ? p : 1;
        IReadOnlyList<WixInstallation> installations;
        try
        {
            // One extra row tells whether there is a next page without counting the table.
            installations = await store.ListAsync((page - 1) * pageSize, pageSize + 1, cancellationToken);
        }
        catch (DbException)
        {
            return HtmlPage.Error("Database unavailable", "The installations could not be read.", "Check /readyz and retry.", StatusCodes.Status503ServiceUnavailable);
        }

        var html = new StringBuilder("<table><thead><tr><th>Instance</th><th>Status</th><th>Strategy</th><th>Refresh token</th><th>Last refresh</th><th>Fallback</th><th>Last error</th></tr></thead><tbody>");
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
                .Append("</td></tr>");
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
}
