using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Wix.Auth.Simulator.Endpoints;

/// <summary>Control API for site identities: issue a user's, member's or visitor's token; open the dashboard as Wix does.</summary>
internal static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/_simulator/instances/{id}");
        group.MapPost("/site-tokens", IssueSiteToken);
        group.MapGet("/dashboard-url", (WixSimulatorControl c, string id, string? locale) => Dashboard(c, id, locale, url => Results.Json(new { url = url.AbsoluteUri })));
        group.MapGet("/dashboard", (WixSimulatorControl c, string id, string? locale) => Dashboard(c, id, locale, url => Results.Redirect(url.AbsoluteUri)));
    }

    private static IResult IssueSiteToken(WixSimulatorControl control, string id, SiteTokenRequest request)
    {
        if (!control.Sites.TryGet(id, out var instance))
        {
            return Results.NotFound();
        }

        if (!instance.Installed)
        {
            return Results.Conflict(new { error = "The app is not installed on this instance." });
        }

        if (!Enum.TryParse<WixSimulatedSubjectType>(request.SubjectType, ignoreCase: true, out var type) || !Enum.IsDefined(type))
        {
            return Results.BadRequest(new { error = "subjectType must be USER, MEMBER or VISITOR." });
        }

        if (request.LifetimeSeconds is <= 0)
        {
            return Results.BadRequest(new { error = "lifetimeSeconds must be positive." });
        }

        var lifetime = request.LifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : control.Options.SiteTokenLifetime;
        var token = control.IssueSiteToken(id, type, request.SubjectId, lifetime, request.ClientId);
        control.Tokens.TryGetAccessToken(token, out var record);
        return Results.Json(new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["subject_type"] = record.SubjectType,
            ["subject_id"] = record.SubjectId!,
            ["expires_at"] = record.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        });
    }

    private static IResult Dashboard(WixSimulatorControl control, string id, string? locale, Func<Uri, IResult> answer)
    {
        if (!control.Sites.TryGet(id, out _))
        {
            return Results.NotFound();
        }

        if (control.Options.DashboardUrl is null)
        {
            return Results.Conflict(new { error = "No DashboardUrl is configured (Simulator:DashboardUrl)." });
        }

        return answer(control.CreateDashboardUrl(id, string.IsNullOrEmpty(locale) ? "en" : locale));
    }

    internal sealed record SiteTokenRequest(string? SubjectType, string? SubjectId, int? LifetimeSeconds, string? ClientId);
}
