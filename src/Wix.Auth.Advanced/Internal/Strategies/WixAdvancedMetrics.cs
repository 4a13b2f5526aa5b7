using System.Diagnostics.Metrics;

namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>Metrics of the advanced strategy, on the meter <c>Wix.Auth</c> (shared with the token client and manager).</summary>
internal sealed class WixAdvancedMetrics : IDisposable
{
    public const string MeterName = WixAuthTelemetry.MeterName;
    public const string FallbacksName = "wix_auth.fallbacks";
    public const string RefusalsName = "wix_auth.refresh.refusals";
    public const string IncidentsName = "wix_auth.refresh.incidents";
    public const string RefreshLockWaitName = "wix_auth.refresh_lock.wait";

    private readonly Meter _meter;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _incidents;
    private readonly Histogram<double> _refreshLockWait;

    public WixAdvancedMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _fallbacks = _meter.CreateCounter<long>(FallbacksName, unit: "{fallback}", description: "Installations that switched to client credentials, by reason.");
        _refusals = _meter.CreateCounter<long>(RefusalsName, unit: "{refusal}", description: "Refresh tokens Wix refused permanently, by what was done with them (quarantined, kept_incident, kept_cooldown).");
        _incidents = _meter.CreateCounter<long>(IncidentsName, unit: "{incident}", description: "Mass refusals of refresh tokens (many installations refused within the window): nothing is quarantined while one lasts.");
        _refreshLockWait = _meter.CreateHistogram<double>(
            RefreshLockWaitName,
            unit: "s",
            description: "Time to take the refresh lease of an instance (connection, cross-process lock, re-read), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    /// <summary>Counts one change of an installation to client credentials (not every call served by it).</summary>
    public void FallbackActivated(WixFallbackReason reason) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            WixFallbackReason.Missing => "missing",
            WixFallbackReason.Revoked => "revoked",
            WixFallbackReason.Undecryptable => "undecryptable",
            WixFallbackReason.Refused => "refused",
            WixFallbackReason.Incident => "incident",
            WixFallbackReason.Installing => "installing",
            _ => "unknown",
        }));

    /// <summary>One permanent refusal of a refresh token; <paramref name="handling"/> is a fixed word, never an instance ID.</summary>
    public void RefreshRefused(string handling) => _refusals.Add(1, new KeyValuePair<string, object?>("handling", handling));

    /// <summary>
    /// One refresh lease was taken or given up on; <paramref name="outcome"/> is <c>acquired</c>, <c>timeout</c>,
    /// <c>unavailable</c>, <c>cancelled</c> or <c>error</c>.
    /// </summary>
    public void RefreshLockWaited(TimeSpan wait, string outcome) =>
        _refreshLockWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A mass-refusal incident began.</summary>
    public void RefusalIncidentStarted() => _incidents.Add(1);

    public void Dispose() => _meter.Dispose();
}
