using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>
/// Tells a refresh token Wix really revoked from a mass refusal: when <see cref="WixRefreshPolicyOptions.IncidentThreshold"/>
/// distinct instances are refused with <c>invalid_grant</c> within the window, the refusals are an incident (a local Wix
/// that forgot its sites, a wrong app secret, a fault at Wix), and no further token is quarantined until the window has
/// fewer refusals again. The start and end of an incident are logged as errors and counted. Refusals are counted across
/// every process on the store (the caller passes how many other installations the store saw refused in the window) as
/// well as in this process, so three hosts each seeing a third of a mass refusal still see one incident.
/// </summary>
internal sealed class RefusalIncidentDetector(
    IOptions<WixRefreshPolicyOptions> options,
    TimeProvider timeProvider,
    WixAdvancedMetrics metrics,
    ILogger<RefusalIncidentDetector> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _refusals = new(StringComparer.Ordinal);
    private bool _inIncident;
    private DateTimeOffset _lastClusterIncidentAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Records that Wix refused <paramref name="instanceId"/>'s refresh token; true when this refusal is part of an
    /// incident (the token must be kept), false when it may be taken at its word (the token is quarantined).
    /// <paramref name="refusedElsewhere"/>: other installations the store saw refused within the window (any process).
    /// </summary>
    public bool RecordRefusal(string instanceId, int refusedElsewhere)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        bool started = false, ended = false, incident;
        int count;
        lock (_lock)
        {
            Prune(now - settings.IncidentWindow);
            _refusals[instanceId] = now;
            // The store's count includes this process's own committed refusals, so the larger of the two, not the sum.
            var cluster = refusedElsewhere + 1;
            count = Math.Max(_refusals.Count, cluster);
            incident = count >= settings.IncidentThreshold;
            if (incident && cluster >= settings.IncidentThreshold)
            {
                _lastClusterIncidentAt = now;
            }

            if (incident != _inIncident)
            {
                _inIncident = incident;
                started = incident;
                ended = !incident;
            }
        }

        if (ended)
        {
            AdvancedLog.RefusalIncidentEnded(logger);
        }

        if (started)
        {
            AdvancedLog.RefusalIncidentStarted(logger, count, settings.IncidentWindow, settings.IncidentRetryDelay);
            metrics.RefusalIncidentStarted();
        }

        return incident;
    }

    /// <summary>A refresh succeeded: if the refusals have thinned out below the threshold, the incident is over.</summary>
    public void RecordSuccess()
    {
        if (!Volatile.Read(ref _inIncident))
        {
            return;
        }

        var settings = options.Value;
        bool ended = false;
        lock (_lock)
        {
            var since = timeProvider.GetUtcNow() - settings.IncidentWindow;
            Prune(since);
            // An incident seen through the store ends only once a window has passed without such a refusal: this
            // process's own few refusals say nothing about the others'.
            if (_inIncident && _refusals.Count < settings.IncidentThreshold && _lastClusterIncidentAt < since)
            {
                _inIncident = false;
                ended = true;
            }
        }

        if (ended)
        {
            AdvancedLog.RefusalIncidentEnded(logger);
        }
    }

    private void Prune(DateTimeOffset before)
    {
        if (_refusals.Count == 0)
        {
            return;
        }

        foreach (var (instance, at) in _refusals.ToArray())
        {
            if (at < before)
            {
                _refusals.Remove(instance);
            }
        }
    }
}
