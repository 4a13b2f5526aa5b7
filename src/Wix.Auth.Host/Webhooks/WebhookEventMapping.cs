using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Webhooks;

/// <summary>Turns a verified webhook into what the store records: its identity, its time and its effect.</summary>
internal static class WebhookEventMapping
{
    public const string AppInstalled = "AppInstalled";
    public const string AppRemoved = "AppRemoved";

    public static WixWebhookEventRecord ToRecord(WixWebhookEvent webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var effect = webhook.EventType switch
        {
            AppInstalled => WixWebhookEffect.Installed,
            AppRemoved => WixWebhookEffect.Removed,
            var type when PlanEventMapping.IsPlanEvent(type) => WixWebhookEffect.PlanChanged,
            _ => WixWebhookEffect.None,
        };

        // The verifier's event ID is Wix's own, or for legacy app events (which have none) a hash of the signature,
        // which a re-delivery of the same body repeats. Legacy events carry no event time either; the JWT's iat stands in.
        var eventTime = webhook.EventTime ?? webhook.IssuedAt;
        var plan = effect == WixWebhookEffect.PlanChanged ? PlanEventMapping.ToPlanChange(webhook.EventType, webhook.Data) : null;
        return new WixWebhookEventRecord(webhook.EventId, webhook.EventType, webhook.InstanceId, eventTime, effect, plan);
    }
}
