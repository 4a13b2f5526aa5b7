namespace Wix.Auth.Advanced;

/// <summary>
/// Where verified webhook events are recorded, each exactly once, together with their effect on the installation.
/// Throws <see cref="WixStoreUnavailableException"/> when the store cannot be reached; the caller then does not
/// acknowledge the event, so Wix delivers it again.
/// </summary>
public interface IWixWebhookInbox
{
    /// <summary>
    /// Records a verified webhook event exactly once and applies its effect atomically with it: a re-delivery of the
    /// same event ID changes nothing (<see cref="WixWebhookOutcome.Duplicate"/>), and an effect older than the last one
    /// applied to the instance is recorded but not applied (<see cref="WixWebhookOutcome.Stale"/>, out-of-order delivery).
    /// Returns only once the event is durable, so a caller may acknowledge it.
    /// </summary>
    Task<WixWebhookOutcome> RecordWebhookEventAsync(WixWebhookEventRecord webhookEvent, CancellationToken cancellationToken);
}
