using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Internal.Telemetry;

namespace Wix.Auth.Internal.Caching;

/// <summary>
/// Caches tokens per instance (one manager serves one app) and collapses concurrent acquisitions of one
/// instance into a single strategy call. Failures reach every waiter and are never cached. On a memory miss, and only
/// then, the shared second level (<see cref="IWixSharedTokenCache"/>, when a store registered one) is asked before the
/// strategy, so a cluster asks Wix once per instance per token life (see <see cref="SharedTokenFlight"/>).
/// </summary>
internal sealed class WixTokenManager : IWixTokenManager
{
    private readonly IWixAuthStrategy _strategy;
    private readonly TimeProvider _time;
    private readonly ILogger<WixTokenManager> _logger;
    private readonly WixAuthMetrics _metrics;
    private readonly SharedTokenFlight? _shared;
    private readonly TimeSpan _maxSkew;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<WixAccessToken>> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _evictionLock = new();
    private long _sequence;

    public WixTokenManager(
        IWixAuthStrategy strategy,
        IOptions<WixAuthOptions> options,
        TimeProvider time,
        ILogger<WixTokenManager> logger,
        WixAuthMetrics metrics,
        IWixSharedTokenCache? sharedCache = null)
    {
        _strategy = strategy;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _maxSkew = options.Value.TokenExpirySkew;
        _capacity = options.Value.TokenCacheSize;
        _shared = sharedCache is null ? null : new SharedTokenFlight(sharedCache, strategy, time, metrics, logger, options.Value.HttpTotalTimeout);
    }

    /// <summary>How many instances have a cached token (for tests and diagnostics).</summary>
    internal int Count => _cache.Count;

    public ValueTask<WixAccessToken> GetAccessTokenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);

        // Hot path: no allocation, no async state machine.
        if (_cache.TryGetValue(instanceId, out var cached) && _time.GetUtcNow().UtcTicks < cached.RefreshAtUtcTicks)
        {
            _metrics.MemoryLookup(hit: true);
            return new ValueTask<WixAccessToken>(cached.Token);
        }

        _metrics.MemoryLookup(hit: false);
        return AcquireAsync(instanceId, cancellationToken);
    }

    public void Invalidate(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        while (_cache.TryGetValue(instanceId, out var current) && !current.Invalidated)
        {
            // A tombstone keeps the rejected token: the shared level may still hold it and must not hand it back.
            if (_cache.TryUpdate(instanceId, CachedToken.Tombstone(current.Token, current.Sequence), current))
            {
                Log.TokenInvalidated(_logger, instanceId);
                return;
            }
        }
    }

    public void Invalidate(string instanceId, long generation)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var marker = CachedToken.Tombstone(
            new WixAccessToken(instanceId, string.Empty, DateTimeOffset.MinValue, string.Empty) { Generation = generation },
            Interlocked.Increment(ref _sequence));
        while (true)
        {
            if (!_cache.TryGetValue(instanceId, out var current))
            {
                // Nothing cached, but an acquisition may be in flight: the marker makes Store refuse its older token.
                // Not added to a full cache (nothing of this instance is cached then; only that narrow race remains).
                if (_cache.Count >= _capacity || _cache.TryAdd(instanceId, marker))
                {
                    return;
                }

                continue;
            }

            if (current.Token.Generation >= generation)
            {
                return;
            }

            if (_cache.TryUpdate(instanceId, marker, current))
            {
                Log.TokenGenerationInvalidated(_logger, instanceId, generation);
                return;
            }
        }
    }

    private async ValueTask<WixAccessToken> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            if (_inFlight.TryGetValue(instanceId, out var running))
            {
                // WaitAsync: this caller may give up without cancelling the fetch the others wait for.
                return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var completion = new TaskCompletionSource<WixAccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_inFlight.TryAdd(instanceId, completion.Task))
            {
                continue;
            }

            // A fetch may have finished between our cache miss and TryAdd; don't call Wix again for it.
            if (_cache.TryGetValue(instanceId, out var cached) && _time.GetUtcNow().UtcTicks < cached.RefreshAtUtcTicks)
            {
                _inFlight.TryRemove(new KeyValuePair<string, Task<WixAccessToken>>(instanceId, completion.Task));
                completion.SetResult(cached.Token);
                return cached.Token;
            }

            Log.TokenCacheMiss(_logger, instanceId);
            _ = FetchAsync(instanceId, completion);
            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FetchAsync(string instanceId, TaskCompletionSource<WixAccessToken> completion)
    {
        // The span of the one shared fetch (waiters do not get spans of their own); a child of the first caller's.
        using var activity = WixAuthActivities.Source.StartActivity(WixAuthActivities.AcquireToken);
        activity?.SetTag(WixAuthActivities.InstanceIdAttribute, instanceId);
        try
        {
            // Not the caller's token: the fetch is shared, and bounded by the token client's total timeout.
            WixAccessToken token;
            if (_shared is null)
            {
                token = await _strategy.AcquireTokenAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
                Store(instanceId, token, refreshAt: null);
            }
            else
            {
                var rejected = _cache.TryGetValue(instanceId, out var previous) && previous.Invalidated && previous.Token.AccessToken.Length > 0
                    ? previous.Token.AccessToken
                    : null;
                var shared = await _shared.AcquireAsync(instanceId, rejected, RefreshAt).ConfigureAwait(false);
                token = shared.Token;
                Store(instanceId, token, shared.RefreshAt);
            }

            completion.SetResult(token);
        }
#pragma warning disable CA1031 // Every failure is handed to the waiters, none is swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            if (ex is WixTokenException refused)
            {
                Log.TokenAcquisitionRefused(_logger, instanceId, refused.Kind, refused.Error, refused.StatusCode, refused.RequestId);
            }
            else
            {
                Log.TokenAcquisitionFailed(_logger, instanceId, ex);
            }

            completion.SetException(ex);

            // Observed here so that a failure whose waiters all gave up is not reported as unobserved.
            _ = completion.Task.Exception;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<WixAccessToken>>(instanceId, completion.Task));
        }
    }

    /// <summary>Expiry minus the skew (<see cref="WixSharedToken.RefreshAtFor"/>); null when the token is already expired.</summary>
    private DateTimeOffset? RefreshAt(WixAccessToken token) => WixSharedToken.RefreshAtFor(token, _time.GetUtcNow(), _maxSkew);

    /// <param name="instanceId">The instance.</param>
    /// <param name="token">The token acquired.</param>
    /// <param name="refreshAt">When the shared level decided it must be replaced; null to compute it here.</param>
    private void Store(string instanceId, WixAccessToken token, DateTimeOffset? refreshAt)
    {
        var now = _time.GetUtcNow();
        if ((refreshAt ?? RefreshAt(token)) is not { } replaceAt || replaceAt <= now)
        {
            return;
        }

        var entry = new CachedToken(token, replaceAt.UtcTicks, Interlocked.Increment(ref _sequence));
        if (!_cache.ContainsKey(instanceId) && _cache.Count >= _capacity)
        {
            Evict(now.UtcTicks);
        }

        // A token of an older generation than one announced meanwhile (removed, installed again) is served to the
        // callers already waiting for it, but never cached. Generation 0 (a strategy that does not track installations)
        // is always cached.
        var stored = _cache.AddOrUpdate(
            instanceId,
            entry,
            (_, existing) => token.Generation > 0 && existing.Token.Generation > token.Generation ? existing : entry);
        if (!ReferenceEquals(stored, entry))
        {
            Log.StaleGenerationNotCached(_logger, instanceId, token.Generation, stored.Token.Generation);
        }
    }

    private void Evict(long nowTicks)
    {
        lock (_evictionLock)
        {
            if (_cache.Count < _capacity)
            {
                return;
            }

            var evicted = 0;
            foreach (var pair in _cache)
            {
                if (pair.Value.RefreshAtUtcTicks <= nowTicks && _cache.TryRemove(pair))
                {
                    evicted++;
                }
            }

            // Still full: drop the oldest tenth (at least one) so eviction is amortised, not paid on every insert.
            var excess = _cache.Count - _capacity + 1;
            if (excess > 0)
            {
                var target = Math.Max(excess, _capacity / 10);
                var oldest = _cache.ToArray();
                Array.Sort(oldest, static (a, b) => a.Value.Sequence.CompareTo(b.Value.Sequence));
                for (var i = 0; i < target && i < oldest.Length; i++)
                {
                    if (_cache.TryRemove(oldest[i]))
                    {
                        evicted++;
                    }
                }
            }

            Log.TokenCacheEvicted(_logger, _capacity, evicted);
        }
    }
}
