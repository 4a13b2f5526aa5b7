using Microsoft.Extensions.Logging;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>Log events of outbound notifications (IDs 3190–3199). Never the body, the secret or a signature.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 3190, Level = LogLevel.Warning, Message = "Notification {WebhookId} ({EventType}) attempt {Attempt} failed: {Error}; given up: {GaveUp}")]
    public static partial void DeliveryFailed(ILogger logger, string webhookId, string eventType, int attempt, string error, bool gaveUp);

    [LoggerMessage(EventId = 3191, Level = LogLevel.Warning, Message = "Reading the notification outbox failed; trying again at the next poll")]
    public static partial void PollFailed(ILogger logger, Exception exception);
}
