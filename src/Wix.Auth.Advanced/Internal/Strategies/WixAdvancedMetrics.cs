using System.Diagnostics.Metrics;

namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>Metrics of the advanced strategy, on the meter <c>Wix.Auth</c> (shared with the token client and manager).</summary>
internal sealed class WixAdvancedMetrics : IDisposable
{
    public const string MeterName = WixAuthTelemetry.MeterName;
    public const string FallbacksName = "wix_auth.fallbacks";

    private readonly Meter _meter;
    private readonly Counter<long> _fallbacks;

    public WixAdvancedMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _fallbacks = _meter.CreateCounter<long>(FallbacksName, unit: "{fallback}", description: "Installations that switched to client credentials, by reason.");
    }

    /// <summary>Counts one change of an installation to client credentials (not every call served by it).</summary>
    public void FallbackActivated(WixFallbackReason reason) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            WixFallbackReason.Missing => "missing",
            WixFallbackReason.Revoked => "revoked",
            WixFallbackReason.Undecryptable => "undecryptable",
            _ => "unknown",
        }));

    public void Dispose() => _meter.Dispose();
}
