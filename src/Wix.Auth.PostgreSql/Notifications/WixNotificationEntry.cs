namespace Wix.Auth.PostgreSql;

/// <summary>One outbox event as operators see it (no body).</summary>
/// <param name="WebhookId">The <c>webhook-id</c>, the same on every attempt.</param>
/// <param name="EventType">e.g. <c>installation.removed</c>.</param>
/// <param name="InstanceId">The instance the event is about.</param>
/// <param name="CreatedAt">When the change happened.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="NextAttemptAt">When the next attempt is due (pending events).</param>
/// <param name="FailedAt">When it was given up; null while pending.</param>
/// <param name="LastError">The last attempt's HTTP status or error.</param>
public sealed record WixNotificationEntry(
    string WebhookId, string EventType, string? InstanceId, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? FailedAt, string? LastError);
