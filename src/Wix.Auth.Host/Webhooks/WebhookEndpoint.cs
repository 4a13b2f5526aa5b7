using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Endpoints;
using Wix.Auth.Host.Instances;
using Wix.Auth.Host.Logging;
using Wix.Auth.Host.Telemetry;

namespace Wix.Auth.Host.Webhooks;

/// <summary>
/// <c>POST /webhooks/wix</c>: the body is an RS256 JWT. Read raw with a size cap, verify, then record durably and
/// answer 200 only after the commit. Invalid signature → 401, malformed → 400, too big → 413, database down → 503
/// (Wix re-delivers); nothing is stored unless the event verified.
/// </summary>
internal static class WebhookEndpoint
{
    public static IEndpointRouteBuilder MapWixWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/wix", HandleAsync).AddEndpointFilter<NoStoreFilter>();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        IWixWebhookVerifier verifier,
        IOptions<WixWebhookVerificationOptions> verification,
        IWixWebhookInbox inbox,
        InstallationStatusCache installations,
        ILoggerFactory loggers,
        HostMetrics metrics,
        CancellationToken cancellationToken)
    {
        using var activity = HostMetrics.Source.StartActivity(HostMetrics.WebhookActivity);
        var logger = loggers.CreateLogger("Wix.Auth.Host.Webhooks");
        // One limit (Wix:Webhooks:MaxBodyBytes), enforced while reading so a huge body is never buffered.
        var maxBytes = verification.Value.MaxBodyBytes;
        var body = await BoundedBodyReader.ReadUtf8Async(context.Request, maxBytes, cancellationToken);
        if (body is null)
        {
            HostLog.WebhookTooLarge(logger, maxBytes);
            metrics.Webhook(null, "too_large");
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Webhook body too large");
        }

        WixWebhookEvent webhook;
        try
        {
            webhook = verifier.Verify(body);
        }
        catch (WixWebhookVerificationException ex)
        {
            HostLog.WebhookRejected(logger, ex.Kind.ToString());
            if (ex.Kind == WixWebhookVerificationErrorKind.Expired)
            {
                // Only raised once the signature verified; the message holds times and the setting, nothing secret.
                HostLog.WebhookExpiredBeyondWindow(logger, ex.Message);
            }

            metrics.Webhook(null, ex.Kind == WixWebhookVerificationErrorKind.Malformed ? "malformed" : "rejected");
            return ex.Kind == WixWebhookVerificationErrorKind.Malformed
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed webhook")
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Webhook signature or lifetime invalid");
        }

        var record = WebhookEventMapping.ToRecord(webhook);
        activity?.SetTag("wix.event_type", record.EventType);
        activity?.SetTag("wix.instance_id", record.InstanceId);
        WixWebhookOutcome outcome;
        try
        {
            outcome = await inbox.RecordWebhookEventAsync(record, cancellationToken);
        }
        catch (WixStoreUnavailableException ex)
        {
            HostLog.WebhookNotRecorded(logger, record.EventType, record.InstanceId, (ex.InnerException ?? ex).GetType().Name);
            metrics.Webhook(record.EventType, "not_recorded");
            return Problems.DatabaseUnavailable(context);
        }

        // Only an applied event changes the installation. A re-delivery (duplicate), an out-of-order event or one without
        // effect leaves the status, and its stale-if-error copy, alone: Wix re-delivers, and an instance whose copy a
        // duplicate threw away just before an outage would get 503s through it.
        if (record.InstanceId is { } instanceId && outcome == WixWebhookOutcome.Applied)
        {
            installations.Evict(instanceId);
        }

        if (record.Effect == WixWebhookEffect.None)
        {
            HostLog.WebhookUnhandledType(logger, record.EventType, record.InstanceId);
        }

        HostLog.WebhookRecorded(logger, record.EventType, record.InstanceId, outcome.ToString());
        if (webhook.IsLateRedelivery)
        {
            HostLog.WebhookLateRedelivery(logger, record.EventType, record.InstanceId, webhook.ExpiresAt, outcome.ToString());
        }

        metrics.Webhook(record.EventType, outcome switch
        {
            WixWebhookOutcome.Applied => "applied",
            WixWebhookOutcome.Recorded => "recorded",
            WixWebhookOutcome.Duplicate => "duplicate",
            WixWebhookOutcome.Stale => "stale",
            _ => "other",
        });
        return Results.Ok();
    }
}
