using System.Globalization;
using System.Text;
using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// <c>GET /</c> in Development only: the local run's next steps in one place — install the app, the installations with
/// their dashboard and status, the operator view and the API reference. Outside Development <c>/</c> is a plain 404.
/// </summary>
internal static class LandingPage
{
    private const int Shown = 10;

    public static IEndpointRouteBuilder MapDevelopmentLanding(this IEndpointRouteBuilder endpoints, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            endpoints.MapGet("/", RenderAsync).ExcludeFromDescription();
        }

        return endpoints;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, IWixInstallationStore store, SimulatorLinks simulator, CancellationToken cancellationToken)
    {
        var html = new StringBuilder("<p>Wix.Auth is running (Development).</p><nav>");
        if (simulator.MarketInstall is { } install)
        {
            html.Append("<a href=\"").Append(HtmlPage.Encode(install.AbsoluteUri)).Append("\">Install the app on a new simulated site</a>");
        }

        html.Append("<a href=\"/operator/installations\">Operator view</a><a href=\"/scalar\">API reference</a><a href=\"/openapi/v1.json\">OpenAPI document</a></nav>");

        IReadOnlyList<WixInstallation> installations;
        try
        {
            installations = await store.ListAsync(0, Shown + 1, cancellationToken);
        }
        catch (WixStoreUnavailableException)
        {
            html.Append("<p class=\"bad\">The database is unavailable; see /readyz.</p>");
            return HtmlPage.Render("Wix.Auth", html.ToString());
        }

        html.Append("<h2>Installations</h2>");
        if (installations.Count == 0)
        {
            html.Append("<p class=\"hint\">None yet. Install the app above, then come back here.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Instance</th><th>Status</th><th>Strategy</th><th>Installed</th><th></th></tr></thead><tbody>");
            foreach (var i in installations.Take(Shown))
            {
                html.Append("<tr><td><code>").Append(HtmlPage.Encode(i.InstanceId)).Append("</code></td><td class=\"")
                    .Append(i.Status == WixInstallationStatus.Installed ? "ok\">installed" : "warn\">removed")
                    .Append("</td><td>").Append(HtmlPage.Encode(i.Strategy))
                    .Append("</td><td>").Append(HtmlPage.Encode(i.InstalledAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)))
                    .Append("</td><td>");
                OperatorPage.AppendLinks(html, i.InstanceId, simulator);
                html.Append("</td></tr>");
            }

            html.Append("</tbody></table>");
            if (installations.Count > Shown)
            {
                html.Append("<p><a href=\"/operator/installations?page=1\">All installations</a></p>");
            }
        }

        html.Append("<h2>A token for your services</h2><p><code>curl -X POST -H \"Authorization: Bearer $(cat .local/api-key)\" ")
            .Append(HtmlPage.Encode($"{context.Request.Scheme}://{context.Request.Host}/api/v1/instances/"))
            .Append("&lt;instanceId&gt;/token</code></p>");
        return HtmlPage.Render("Wix.Auth", html.ToString());
    }
}
