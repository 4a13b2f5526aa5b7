using Wix.Auth.Host.Logging;
using Wix.Auth.Host.Telemetry;

namespace Wix.Auth.Host.Instances;

/// <summary>
/// Whether the database is currently unreachable, as the token API's status reads see it. An outage is logged once when
/// it starts and once when it ends (not once per failed read: during an outage every request would log), and counted
/// in <c>wix_auth.store.outages</c>.
/// </summary>
internal sealed class StoreOutage(TimeProvider timeProvider, HostMetrics metrics, ILogger<StoreOutage> logger)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _since;

    /// <summary>True while an outage is in progress.</summary>
    public bool IsDown
    {
        get
        {
            lock (_lock)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>A read failed because the database could not be reached.</summary>
    public void Unreachable(Exception exception, TimeSpan staleIfError)
    {
        lock (_lock)
        {
            if (_since is not null)
            {
                return;
            }

            _since = timeProvider.GetUtcNow();
        }

        metrics.StoreOutageStarted();
        HostLog.StoreUnreachable(logger, exception.GetType().Name, staleIfError);
    }

    /// <summary>A read succeeded; ends the outage if there was one.</summary>
    public void Reachable()
    {
        DateTimeOffset since;
        lock (_lock)
        {
            if (_since is not { } started)
            {
                return;
            }

            since = started;
            _since = null;
        }

        HostLog.StoreReachableAgain(logger, timeProvider.GetUtcNow() - since);
    }
}
