using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wix.Auth.Simulator.Internal;

namespace Wix.Auth.Simulator.Endpoints;

/// <summary>The app-facing Wix APIs the simulator offers: BI events and the app instance (wix-protocol.md §8).</summary>
internal static class AppsEndpoints
{
    private static readonly HashSet<string> EventNames = new(StringComparer.Ordinal)
    {
        "APP_DASHBOARD_LOADED", "APP_FINISHED_CONFIGURATION", "APP_UPGRADED", "PRIMARY_ACTION_PERFORMED", "CUSTOM",
        "CHARGE", "FUNDS_RETURNED", "APP_FINISH_BUSINESS_SETUP", "APP_DEPLOYED", "APP_SETUP_FINISHED",
    };

    public static void MapAppsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/apps/v1/bi-event", BiEventAsync);
        app.MapGet("/apps/v1/instance", GetInstance);
    }

    private static async Task<IResult> BiEventAsync(HttpContext context, WixSimulatorControl control)
    {
        if (!TryAuthenticate(context, control, out var instance, out var caller, out var failure))
        {
            return failure;
        }

        // Wix: BI events take the app's own token; a user's token carries the user's permissions, not this one.
        if (caller.SubjectType != "APP")
        {
            return Responses.WixError(403, "PERMISSION_DENIED", "Send BI Event needs an APP token (WIX_DEVELOPERS.SEND_BI_EVENTS).");
        }

        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var eventName = body?.Get("eventName", "eventName");
        if (eventName is null || !EventNames.Contains(eventName))
        {
            return Responses.WixError(400, "INVALID_EVENT_NAME", "eventName must be one of the documented BI event names.");
        }

        if (eventName == "CUSTOM" && (body!.Get("customEventName", "customEventName") is not { Length: >= 2 }))
        {
            return Responses.WixError(400, "INVALID_CUSTOM_EVENT_NAME", "customEventName (2+ characters) is required for CUSTOM.");
        }

        if (eventName is "CHARGE" or "FUNDS_RETURNED" && !HasSum(body!.Get("eventData", "eventData")))
        {
            return Responses.WixError(400, "MISSING_SUM", "eventData.sum is required for CHARGE and FUNDS_RETURNED.");
        }

        if (eventName == "APP_FINISHED_CONFIGURATION")
        {
            instance.Configured = true;
        }

        control.Counters.CountBiEvent();
        return Results.Json(new Dictionary<string, object>());
    }

    private static bool HasSum(string? eventDataJson)
    {
        if (string.IsNullOrEmpty(eventDataJson))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(eventDataJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("sum", out var sum)
                && sum.ValueKind == JsonValueKind.String
                && sum.GetString()!.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IResult GetInstance(HttpContext context, WixSimulatorControl control)
    {
        if (!TryAuthenticate(context, control, out var instance, out var caller, out var failure))
        {
            return failure;
        }

        return Results.Json(new Dictionary<string, object?>
        {
            ["instance"] = new Dictionary<string, object?>
            {
                ["instanceId"] = instance.InstanceId,
                ["appName"] = control.Options.AppName,
                ["isFree"] = true,
                ["originInstanceId"] = instance.OriginInstanceId,
            },
            ["site"] = new Dictionary<string, object?> { ["siteId"] = instance.SiteId, ["locale"] = "en" },
        });
    }

    /// <summary>The API gateway: <c>Authorization: &lt;token&gt;</c> or <c>Bearer &lt;token&gt;</c>, expired or revoked → 401.</summary>
    private static bool TryAuthenticate(HttpContext context, WixSimulatorControl control, out SimulatedInstance instance, out AccessTokenRecord caller, out IResult failure)
    {
        instance = null!;
        caller = null!;
        failure = null!;
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : header;
        if (string.IsNullOrEmpty(token) || !control.Tokens.IsAccessTokenValid(token, out caller) || !control.Sites.TryGet(caller.InstanceId, out instance))
        {
            failure = Responses.WixError(401, "UNAUTHENTICATED", "Missing, expired or invalid access token.");
            return false;
        }

        control.Journal.RecordApiCall(context.Request.Path, caller, control.AppId);
        return true;
    }
}
