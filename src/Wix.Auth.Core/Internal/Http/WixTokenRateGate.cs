using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Internal.Telemetry;

namespace Wix.Auth.Internal.Http;

/// <summary>
/// The one "not before" moment per rate-limit scope (checklist L3): a 429 with <c>Retry-After</c> sets it, and every
/// token request of that scope waits for it before it is sent, instead of each request being refused in turn and
/// retrying on its own. The scope is the app (one key) or the instance (<see cref="WixAuthOptions.RateLimitScope"/>).
/// A wait longer than <see cref="WixAuthOptions.RateLimitMaxWait"/> is not waited: the request fails fast.
/// </summary>
internal sealed class WixTokenRateGate
{
    private const string AppKey = "";

    // Only scopes that were refused have an entry; past ones are pruned when the map grows, so per-instance scope
    // over many instances does not keep one entry per instance ever refused.
    private const int PruneAbove = 1024;

    private readonly ConcurrentDictionary<string, long> _notBeforeTicks = new(StringComparer.Ordinal);
    private readonly WixAuthOptions _options;
    private readonly TimeProvider _time;
    private readonly WixAuthMetrics _metrics;
    private readonly ILogger<WixTokenRateGate> _logger;

    public WixTokenRateGate(IOptions<WixAuthOptions> options, TimeProvider time, WixAuthMetrics metrics, ILogger<WixTokenRateGate> logger)
    {
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Waits until the scope's not-before has passed, or throws <see cref="WixRateLimitedException"/> when that is beyond the budget.</summary>
    public async ValueTask WaitAsync(string? instanceId, CancellationToken cancellationToken)
    {
        if (Key(instanceId) is not { } key)
        {
            return;
        }

        var waited = false;
        // A loop: while this request waited, another 429 may have moved the moment later.
        while (_notBeforeTicks.TryGetValue(key, out var ticks))
        {
            var wait = new DateTimeOffset(ticks, TimeSpan.Zero) - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                break;
            }

            if (wait > _options.RateLimitMaxWait)
            {
                _metrics.RateLimitGate("rejected");
                Log.RateLimitWaitTooLong(_logger, wait, _options.RateLimitMaxWait);
                throw new WixRateLimitedException(wait);
            }

            if (!waited)
            {
                waited = true;
                _metrics.RateLimitGate("waited");
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wix refused a request of this scope until <paramref name="retryAfter"/> from now; never moves the moment earlier.</summary>
    public void Refused(string? instanceId, TimeSpan retryAfter)
    {
        if (Key(instanceId) is not { } key || retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var until = (now + retryAfter).UtcTicks;
        var set = _notBeforeTicks.AddOrUpdate(key, until, (_, current) => Math.Max(current, until));
        _metrics.RateLimitGate("limited");
        if (set == until)
        {
            Log.RateLimitNotBefore(_logger, _options.RateLimitScope, new DateTimeOffset(until, TimeSpan.Zero));
        }

        if (_notBeforeTicks.Count > PruneAbove)
        {
            foreach (var entry in _notBeforeTicks)
            {
                if (entry.Value <= now.UtcTicks)
                {
                    _notBeforeTicks.TryRemove(entry);
                }
            }
        }
    }

    private string? Key(string? instanceId) => _options.RateLimitScope switch
    {
        WixTokenRateLimitScope.Instance => instanceId,
        _ => AppKey,
    };
}
