using System.Diagnostics.Metrics;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// <c>wix_auth.notifications</c>: delivery attempts of outbound notifications, by outcome (<c>delivered</c>,
/// <c>retry</c>, <c>failed</c> once given up) and event type (a fixed set such as <c>installation.installed</c>). Never
/// the instance, the webhook ID or the receiver's answer: those are unbounded.
/// </summary>
internal sealed class WixNotificationMetrics
{
    public const string NotificationsName = "wix_auth.notifications";

    private readonly Counter<long> _notifications;

    public WixNotificationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(WixAuthTelemetry.MeterName);
        _notifications = meter.CreateCounter<long>(NotificationsName, unit: "{attempt}", description: "Delivery attempts of outbound notifications, by event type and outcome.");
    }

    public void Attempted(string eventType, string outcome) =>
        _notifications.Add(1, new KeyValuePair<string, object?>("event_type", eventType), new KeyValuePair<string, object?>("outcome", outcome));
}
