using System.Collections.Concurrent;

namespace Wix.Auth.Simulator.Internal.State;

/// <summary>
/// A rate limit on the token endpoints (checklist L3, FI-6): at most N requests per one-second window of the
/// simulator's clock, the rest answered 429 with a <c>Retry-After</c> of the whole seconds until the next window. It
/// remembers, per credential presented (refresh token, code or instance ID), when a refused client may come back, so a
/// retry that ignored <c>Retry-After</c> is counted rather than guessed from rates.
/// </summary>
internal sealed class TokenRateLimit(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private int _limit;
    private long _window = long.MinValue;
    private int _usedInWindow;

    /// <summary>Requests per second; 0 means no limit.</summary>
    public int RequestsPerSecond
    {
        get => Volatile.Read(ref _limit);
        set
        {
            lock (_gate)
            {
                _limit = value;
                _window = long.MinValue;
                _usedInWindow = 0;
                _notBefore.Clear();
            }
        }
    }

    /// <summary>
    /// Admits or refuses one request presenting <paramref name="credential"/>; <paramref name="early"/> is true when
    /// this credential was refused before and came back before the <c>Retry-After</c> it was given.
    /// </summary>
    public bool TryAdmit(string? credential, out TimeSpan retryAfter, out bool early)
    {
        retryAfter = TimeSpan.Zero;
        early = false;
        if (Volatile.Read(ref _limit) == 0)
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (credential is not null && _notBefore.TryGetValue(credential, out var notBefore))
        {
            early = now < notBefore;
        }

        lock (_gate)
        {
            if (_limit == 0)
            {
                return true;
            }

            var window = now.UtcTicks / TimeSpan.TicksPerSecond;
            if (window != _window)
            {
                _window = window;
                _usedInWindow = 0;
            }

            if (_usedInWindow < _limit)
            {
                _usedInWindow++;
                if (credential is not null)
                {
                    _notBefore.TryRemove(credential, out _);
                }

                return true;
            }

            // Whole seconds, as the header carries them: at least 1, the next window's start rounded up.
            var untilNext = TimeSpan.FromTicks(((window + 1) * TimeSpan.TicksPerSecond) - now.UtcTicks);
            retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(untilNext.TotalSeconds)));
        }

        if (credential is not null)
        {
            _notBefore[credential] = now + retryAfter;
        }

        return false;
    }
}
