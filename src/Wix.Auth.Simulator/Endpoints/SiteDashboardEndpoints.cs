using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Wix.Auth.Simulator.Internal;

namespace Wix.Auth.Simulator.Endpoints;

/// <summary>
/// <c>GET /_simulator/sites/{instanceId}/dashboard</c>: what the site owner's click on the app in the Wix dashboard does —
/// open the app's dashboard page with a freshly signed <c>instance</c> (wix-protocol.md §6).
/// </summary>
internal static class SiteDashboardEndpoints
{
    public static void MapSiteDashboardEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/_simulator/sites/{instanceId}/dashboard", (WixSimulatorControl control, string instanceId) =>
        {
            if (control.Options.DashboardUrl is null)
            {
                return Responses.Page("No dashboard page", "<p>The app has no dashboard URL (set Simulator:DashboardUrl).</p>", 404);
            }

            if (!control.IsInstalled(instanceId))
            {
                return Responses.Page("App not installed", "<p>The app is not installed on this site.</p>", 404);
            }

            // The same URL, query and all, as the control API's dashboard link: one place knows how Wix opens it.
            return Results.Redirect(control.CreateDashboardUrl(instanceId).AbsoluteUri);
        });
}
