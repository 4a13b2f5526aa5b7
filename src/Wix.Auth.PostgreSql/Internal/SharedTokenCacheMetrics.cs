using System.Diagnostics.Metrics;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// <c>wix_auth.token_cache.shared_failures</c>: calls of the shared token cache that did not reach the database, each
/// counted as a miss (the token then comes from Wix), by <c>operation</c> (<c>get</c>, <c>claim</c>, <c>publish</c>,
/// <c>release</c>, <c>remove</c>) and <c>reason</c>: <c>pool_timeout</c> (no pooled connection within
/// <c>SharedTokenCache:Timeout</c>: the host's pool is exhausted), <c>timeout</c> (the statement did not answer in time),
/// <c>unavailable</c> (the database refused or dropped the connection), <c>skipped</c> (not tried: within
/// <c>RetryAfterFailure</c> of such a failure). What an operator needs to see when a cluster asks Wix more often than once
/// per instance per token life. Never the instance: unbounded.
/// </summary>
internal sealed class SharedTokenCacheMetrics
{
    public const string FailuresName = "wix_auth.token_cache.shared_failures";

    private readonly Counter<long> _failures;

    public SharedTokenCacheMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(WixAuthTelemetry.MeterName);
        _failures = meter.CreateCounter<long>(
            FailuresName, unit: "{call}", description: "Shared token cache calls that did not reach the database (each a miss), by operation and reason.");
    }

    public void Failed(string operation, string reason) =>
        _failures.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason));
}
