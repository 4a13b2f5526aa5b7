using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Wix.Auth.Simulator.Endpoints;

/// <summary>The HTTP control API under <c>/_simulator/</c>: the same operations as <see cref="WixSimulatorControl"/>, for demos and other languages.</summary>
internal static class ControlEndpoints
{
    public static void MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/_simulator");
        group.MapGet("/app", (WixSimulatorControl c) => Results.Json(new Dictionary<string, object?>
        {
            ["appId"] = c.AppId,
            ["appName"] = c.Options.AppName,
            ["publicKey"] = c.PublicKeyPem,
            ["redirectUrls"] = c.Options.RedirectUrls,
            ["appUrl"] = c.Options.AppUrl?.ToString(),
            ["webhookUrl"] = c.Options.WebhookUrl?.ToString(),
        }));
        group.MapGet("/counters", (WixSimulatorControl c) => Results.Json(Counters(c.Counters)));
        group.MapPost("/counters/reset", (WixSimulatorControl c) =>
        {
            c.Counters.Reset();
            return Results.NoContent();
        });
        group.MapPost("/faults", (WixSimulatorControl c, FaultRequest request) =>
        {
            if (request.FailNext is { } count)
            {
                if (count < 0 || request.Status is not (>= 400 and <= 599))
                {
                    return Results.BadRequest(new { error = "failNext needs a non-negative count and a status from 400 to 599." });
                }

                c.FailNextTokenRequests(count, request.Status.Value, request.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
            }

            if (request.SpoilNext is { } spoilt)
            {
                if (spoilt < 0 || request.Grant is not ("authorization_code" or "refresh_token")
                    || !Enum.TryParse<WixSimulatedAnswerFault>(request.Answer?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var fault)
                    || !Enum.IsDefined(fault))
                {
                    return Results.BadRequest(new { error = "spoilNext needs a non-negative count, grant authorization_code or refresh_token, and answer abort, hang, malformed_json or no_access_token." });
                }

                c.SpoilNextAnswers(request.Grant, spoilt, fault);
            }

            if (request.LatencyMs is { } latency)
            {
                c.Latency = TimeSpan.FromMilliseconds(Math.Max(0, latency));
            }

            if (request.RotateRefreshTokens is { } rotate)
            {
                c.RotateRefreshTokens = rotate;
            }

            if (request.LegacyAccessTokenLifetimeSeconds is { } lifetime)
            {
                if (lifetime <= 0)
                {
                    return Results.BadRequest(new { error = "legacyAccessTokenLifetimeSeconds must be positive." });
                }

                c.LegacyAccessTokenLifetime = TimeSpan.FromSeconds(lifetime);
            }

            return Results.NoContent();
        });
        group.MapPost("/instances", (WixSimulatorControl c) => Results.Json(new { instanceId = c.CreateInstalledInstance() }));
        group.MapPost("/instances/{id}/uninstall", (WixSimulatorControl c, string id) => Act(() => c.Uninstall(id)));
        group.MapPost("/instances/{id}/reinstall", (WixSimulatorControl c, string id) => Act(() => c.Reinstall(id)));
        group.MapPost("/instances/{id}/clone", (WixSimulatorControl c, string id) =>
            Exists(c, id) ? Results.Json(new { instanceId = c.CloneSite(id) }) : Results.NotFound());
        group.MapGet("/instances/{id}/signed-instance", (WixSimulatorControl c, string id) =>
            Exists(c, id) ? Results.Json(new { instance = c.CreateSignedInstance(id) }) : Results.NotFound());
        group.MapGet("/webhooks", (WixSimulatorControl c) => Results.Json(c.WebhookDeliveries));

        IResult Act(Action action)
        {
            try
            {
                action();
                return Results.NoContent();
            }
            catch (KeyNotFoundException)
            {
                return Results.NotFound();
            }
        }
    }

    private static bool Exists(WixSimulatorControl control, string id) => control.Sites.TryGet(id, out _);

    private static Dictionary<string, long> Counters(WixSimulatorCounters c) => new()
    {
        ["clientCredentials"] = c.ClientCredentials,
        ["authorizationCode"] = c.AuthorizationCode,
        ["refreshToken"] = c.RefreshToken,
        ["tokenInfo"] = c.TokenInfo,
        ["biEvents"] = c.BiEvents,
        ["tokenRequests"] = c.TokenRequests,
        ["failedTokenRequests"] = c.FailedTokenRequests,
        ["rateLimitedTokenRequests"] = c.RateLimitedTokenRequests,
        ["retriesBeforeRetryAfter"] = c.RetriesBeforeRetryAfter,
        ["authorizationCodeReplays"] = c.AuthorizationCodeReplays,
        ["refreshTokensRefused"] = c.RefreshTokensRefused,
    };

    internal sealed record FaultRequest(
        int? FailNext, int? Status, double? RetryAfterSeconds, int? LatencyMs, bool? RotateRefreshTokens, int? LegacyAccessTokenLifetimeSeconds,
        int? SpoilNext = null, string? Grant = null, string? Answer = null);
}
