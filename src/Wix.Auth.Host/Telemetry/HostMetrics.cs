using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Wix.Auth.Host.Telemetry;

/// <summary>The server's own instruments and spans, on the library's meter and activity source names.</summary>
internal sealed class HostMetrics
{
    public const string WebhooksName = "wix_auth.webhooks";
    public const string WebhookActivity = "wix_auth.webhook";
    public const string StaleStatusName = "wix_auth.installation_status.stale";
    public const string StoreOutagesName = "wix_auth.store.outages";

    public static readonly ActivitySource Source = new(WixAuthTelemetry.ActivitySourceName);

    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _staleStatus;
    private readonly Counter<long> _storeOutages;

    public HostMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(WixAuthTelemetry.MeterName);
        _webhooks = meter.CreateCounter<long>(WebhooksName, unit: "{webhook}", description: "Webhooks received, by event type and outcome.");
        _staleStatus = meter.CreateCounter<long>(StaleStatusName, unit: "{lookup}", description: "Installation status reads answered from memory because the database was unreachable.");
        _storeOutages = meter.CreateCounter<long>(StoreOutagesName, unit: "{outage}", description: "Database outages seen by the token API (counted when each starts).");
    }

    /// <summary>
    /// <paramref name="eventType"/> is Wix's (a small set, known only once the signature is verified; <c>unknown</c>
    /// before), never an instance ID.
    /// </summary>
    public void Webhook(string? eventType, string outcome)
    {
        _webhooks.Add(1, new TagList { { "event_type", eventType ?? "unknown" }, { "outcome", outcome } });
        Activity.Current?.SetTag("wix.outcome", outcome);
    }

    /// <summary>One status read answered from memory during an outage.</summary>
    public void InstallationStatusServedStale() => _staleStatus.Add(1);

    /// <summary>A database outage began.</summary>
    public void StoreOutageStarted() => _storeOutages.Add(1);
}
