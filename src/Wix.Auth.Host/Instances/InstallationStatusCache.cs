using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Logging;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Telemetry;

namespace Wix.Auth.Host.Instances;

/// <summary>
/// Remembers, for <see cref="WixAuthHostOptions.InstallationCacheDuration"/>, whether an instance is installed, so the
/// token API's hot path costs no database round trip per request. Concurrent readers of one instance share one read.
/// A webhook handled in this process evicts its instance at once; other processes see the change within the duration.
/// When the database cannot be reached, the last status read is served for up to
/// <see cref="WixAuthHostOptions.InstallationStaleIfError"/> after that read (stale-if-error, RFC 5861's idea), so
/// instances whose tokens are in memory keep being served through an outage. At most
/// <see cref="WixAuthHostOptions.InstallationCacheSize"/> instances are kept.
/// </summary>
internal sealed class InstallationStatusCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IWixInstallationStore _store;
    private readonly TimeProvider _time;
    private readonly StoreOutage _outage;
    private readonly HostMetrics _metrics;
    private readonly TimeSpan _duration;
    private readonly TimeSpan _staleIfError;
    private readonly TimeSpan _retryInterval;
    private readonly int _capacity;
    private readonly Lock _evictionLock = new();
    private long _sequence;

    public InstallationStatusCache(
        IWixInstallationStore store,
        TimeProvider timeProvider,
        StoreOutage outage,
        HostMetrics metrics,
        IOptions<WixAuthHostOptions> options)
    {
        _store = store;
        _time = timeProvider;
        _outage = outage;
        _metrics = metrics;
        _duration = options.Value.InstallationCacheDuration;
        _staleIfError = options.Value.InstallationStaleIfError;
        _capacity = options.Value.InstallationCacheSize;

        // While the database is down, one read per instance per interval: callers in between are answered from memory
        // at once instead of each waiting for a connection attempt that fails.
        _retryInterval = _duration > TimeSpan.FromSeconds(1) ? _duration : TimeSpan.FromSeconds(1);
    }

    /// <summary>How many instances are remembered (for tests and diagnostics).</summary>
    internal int Count => _entries.Count;

    /// <summary>True when the instance is known and not removed.</summary>
    public async ValueTask<bool> IsInstalledAsync(string instanceId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(instanceId, out var entry) && entry.ExpiresAt > now)
        {
            if (entry.Stale)
            {
                _metrics.InstallationStatusServedStale();
                return await entry.Lookup.Value.WaitAsync(cancellationToken);
            }

            if (entry.Lookup.IsValueCreated && entry.Lookup.Value.IsCompletedSuccessfully)
            {
                return entry.Lookup.Value.Result;
            }

            // Another caller's read is in flight: if it fails, this caller needs the stale copy as much as that one
            // (benchmark L1 lost calls here, its workers asking for one instance at once).
            return await AwaitLookupAsync(instanceId, entry, cancellationToken);
        }

        // What the expiring entry read, kept so an outage can fall back on it.
        var previous = entry is null ? null : entry.Known ?? entry.Previous;
        var fresh = new Entry(new Lazy<Task<bool>>(() => LookupAsync(instanceId)), now + _duration, now, previous, Stale: false, Interlocked.Increment(ref _sequence));
        if (entry is null && _entries.Count >= _capacity)
        {
            Evict(now);
        }

        // Lazy: a lookup that loses the race to be stored is never started.
        var winner = _entries.AddOrUpdate(
            instanceId,
            fresh,
            (_, existing) => existing.ExpiresAt > now ? existing : fresh);
        return await AwaitLookupAsync(instanceId, winner, cancellationToken);
    }

    /// <summary>
    /// Waits for <paramref name="winner"/>'s read (this caller's or a concurrent one's); when the database cannot be
    /// reached, serves the last status read instead, for every caller that shared the failed read.
    /// </summary>
    private async ValueTask<bool> AwaitLookupAsync(string instanceId, Entry winner, CancellationToken cancellationToken)
    {
        try
        {
            var installed = await winner.Lookup.Value.WaitAsync(cancellationToken);
            if (!winner.Stale)
            {
                _outage.Reachable();
            }

            return installed;
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            if (winner.Previous is { } last && now - last.ReadAt <= _staleIfError)
            {
                // A failed read is not remembered as a status; the last good one is served, and read again after the interval.
                var stale = new Entry(new Lazy<Task<bool>>(Task.FromResult(last.Installed)), now + _retryInterval, now, last, Stale: true, winner.Sequence);
                _entries.TryUpdate(instanceId, stale, winner);
                _outage.Unreachable(ex, _staleIfError);
                _metrics.InstallationStatusServedStale();
                return last.Installed;
            }

            // Nothing to fall back on (never read, or read too long ago): the next caller tries the database again.
            _entries.TryRemove(new KeyValuePair<string, Entry>(instanceId, winner));
            _outage.Unreachable(ex, _staleIfError);
            throw;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(instanceId, winner));
            throw;
        }
    }

    /// <summary>Forgets what is known about <paramref name="instanceId"/> (after a webhook changed it), stale copy included.</summary>
    public void Evict(string instanceId) => _entries.TryRemove(instanceId, out _);

    /// <summary>
    /// Makes the next caller read the status of <paramref name="instanceId"/> again (another process changed the
    /// installation), keeping what was last read as the stale-if-error copy: a notification arriving just before an
    /// outage must not leave the instance with nothing to serve.
    /// </summary>
    public void Expire(string instanceId)
    {
        while (_entries.TryGetValue(instanceId, out var entry) && entry.ExpiresAt != DateTimeOffset.MinValue)
        {
            if (_entries.TryUpdate(instanceId, entry with { ExpiresAt = DateTimeOffset.MinValue }, entry))
            {
                return;
            }
        }
    }

    private async Task<bool> LookupAsync(string instanceId)
    {
        // Not bound to one caller's token: several callers share this read.
        var installation = await _store.FindAsync(instanceId, CancellationToken.None);
        return installation is { Status: WixInstallationStatus.Installed };
    }

    private void Evict(DateTimeOffset now)
    {
        lock (_evictionLock)
        {
            if (_entries.Count < _capacity)
            {
                return;
            }

            // First what can no longer serve even as a stale copy, then the oldest tenth (amortised, like the token cache).
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresAt + _staleIfError <= now)
                {
                    _entries.TryRemove(pair);
                }
            }

            var excess = _entries.Count - _capacity + 1;
            if (excess > 0)
            {
                var oldest = _entries.ToArray();
                Array.Sort(oldest, static (a, b) => a.Value.Sequence.CompareTo(b.Value.Sequence));
                var target = Math.Max(excess, _capacity / 10);
                for (var i = 0; i < target && i < oldest.Length; i++)
                {
                    _entries.TryRemove(oldest[i]);
                }
            }
        }
    }

    /// <summary>A status as read from the database, and when.</summary>
    private sealed record Reading(bool Installed, DateTimeOffset ReadAt);

    private sealed record Entry(Lazy<Task<bool>> Lookup, DateTimeOffset ExpiresAt, DateTimeOffset StartedAt, Reading? Previous, bool Stale, long Sequence)
    {
        /// <summary>This entry's own successful read, once it completed; a stale entry has none.</summary>
        public Reading? Known => !Stale && Lookup.IsValueCreated && Lookup.Value.IsCompletedSuccessfully
            ? new Reading(Lookup.Value.Result, StartedAt)
            : null;
    }
}
