using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Wix.Auth.Internal.Telemetry;

/// <summary>
/// Instruments of the token client and the token manager, on the meter <see cref="WixAuthTelemetry.MeterName"/>.
/// Tags are bounded sets (grant, outcome, level, result): an instance ID would make cardinality unbounded.
/// </summary>
internal sealed class WixAuthMetrics
{
    public const string TokenRequestsName = "wix_auth.token.requests";
    public const string TokenRequestDurationName = "wix_auth.token.request.duration";
    public const string TokenCacheLookupsName = "wix_auth.token_cache.lookups";
    public const string RateLimitName = "wix_auth.token.rate_limit";

    private static readonly KeyValuePair<string, object?>[] MemoryHit = [new("level", "memory"), new("result", "hit")];
    private static readonly KeyValuePair<string, object?>[] MemoryMiss = [new("level", "memory"), new("result", "miss")];
    private static readonly KeyValuePair<string, object?>[] SharedHit = [new("level", "shared"), new("result", "hit")];
    private static readonly KeyValuePair<string, object?>[] SharedMiss = [new("level", "shared"), new("result", "miss")];

    private readonly Counter<long> _tokenRequests;
    private readonly Histogram<double> _tokenRequestDuration;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _rateLimit;

    public WixAuthMetrics(IMeterFactory meterFactory)
    {
        // The factory owns the meter (and disposes it with the container); several packages share it by name.
        var meter = meterFactory.Create(WixAuthTelemetry.MeterName);
        _tokenRequests = meter.CreateCounter<long>(TokenRequestsName, unit: "{request}", description: "Requests to Wix's token endpoints, by grant and outcome.");
        _tokenRequestDuration = meter.CreateHistogram<double>(
            TokenRequestDurationName,
            unit: "s",
            description: "Duration of requests to Wix's token endpoints, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _cacheLookups = meter.CreateCounter<long>(TokenCacheLookupsName, unit: "{lookup}", description: "Token cache lookups, by level and hit or miss.");
        _rateLimit = meter.CreateCounter<long>(RateLimitName, unit: "{event}", description: "Wix rate-limiting token requests: 429s with Retry-After (limited), requests held until the not-before (waited), requests failed fast because the wait exceeded its budget (rejected).");
    }

    /// <summary>One request to Wix ended; <paramref name="outcome"/> is <c>success</c> or a <see cref="WixTokenErrorKind"/> name.</summary>
    public void TokenRequested(string grant, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "grant", grant }, { "outcome", outcome } };
        _tokenRequests.Add(1, tags);
        _tokenRequestDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Called on the cached path: nothing is allocated, and only a flag is read when nobody listens.</summary>
    public void MemoryLookup(bool hit)
    {
        if (_cacheLookups.Enabled)
        {
            _cacheLookups.Add(1, hit ? MemoryHit : MemoryMiss);
        }
    }

    /// <summary>A lookup in the shared second level (after a memory miss).</summary>
    public void SharedLookup(bool hit)
    {
        if (_cacheLookups.Enabled)
        {
            _cacheLookups.Add(1, hit ? SharedHit : SharedMiss);
        }
    }

    /// <summary>A rate-limit event; <paramref name="result"/> is <c>limited</c>, <c>waited</c> or <c>rejected</c>.</summary>
    public void RateLimitGate(string result) => _rateLimit.Add(1, new KeyValuePair<string, object?>("result", result));

    public static string Outcome(WixTokenErrorKind kind) => kind switch
    {
        WixTokenErrorKind.Transient => "transient",
        WixTokenErrorKind.InvalidGrant => "invalid_grant",
        WixTokenErrorKind.Protocol => "protocol",
        WixTokenErrorKind.InvalidClient => "invalid_client",
        WixTokenErrorKind.InvalidRequest => "invalid_request",
        _ => "other",
    };
}
