using System.Security.Cryptography;
using System.Text;
using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Webhooks;

/// <summary>Turns a verified webhook into what the store records: its identity, its time and its effect.</summary>
internal static class WebhookEventMapping
{
    public const string AppInstalled = "AppInstalled";
    public const string AppRemoved = "AppRemoved";

    public static WixWebhookEventRecord ToRecord(WixWebhookEvent webhook, string rawBody)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(rawBody);
        var effect = webhook.EventType switch
        {
            AppInstalled => WixWebhookEffect.Installed,
            AppRemoved => WixWebhookEffect.Removed,
            _ => WixWebhookEffect.None,
        };

        // Legacy app events carry no event ID; Wix re-delivers the same signed body, so its hash identifies the event.
        // Only the hash is stored, never the JWT.
        var eventId = webhook.EventId ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawBody)));
        var eventTime = webhook.EventTime ?? webhook.IssuedAt;
        return new WixWebhookEventRecord(eventId, webhook.EventType, webhook.InstanceId, eventTime, effect);
    }
}
