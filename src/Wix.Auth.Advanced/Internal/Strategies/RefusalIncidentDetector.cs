using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>
/// Tells a refresh token Wix really revoked from a mass refusal: when <see cref="WixRefreshPolicyOptions.IncidentThreshold"/>
/// distinct instances are refused with <c>invalid_grant</c> within the window, the refusals are an incident (a local Wix
/// that forgot its sites, a wrong app secret, a fault at Wix), and no further token is quarantined until the window has
/// fewer refusals again. The start and end of an incident are logged as errors and counted. Per process.
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

    /// <summary>
    /// Records that Wix refused <paramref name="instanceId"/>'s refresh token; true when this refusal is part of an
    /// incident (the token must be kept), false when it may be taken at its word (the token is quarantined).
    /// </summary>
    public bool RecordRefusal(string instanceId)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        bool started = false, ended = false, incident;
        int count;
        lock (_lock)
        {
            Prune(now - settings.IncidentWindow);
            _refusals[instanceId] = now;
            count = _refusals.Count;
            incident = count >= settings.IncidentThreshold;
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
            Prune(timeProvider.GetUtcNow() - settings.IncidentWindow);
            if (_inIncident && _refusals.Count < settings.IncidentThreshold)
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
