namespace Wix.Auth.Advanced;

/// <summary>
/// How the advanced strategy treats refresh tokens Wix refuses. Bound from configuration section
/// <c>WixAuth:Refresh</c> (<c>BindConfiguration</c>); every value has a default.
/// </summary>
public sealed class WixRefreshPolicyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "WixAuth:Refresh";

    /// <summary>
    /// How many distinct installations refused with <c>invalid_grant</c> within <see cref="IncidentWindow"/> make an
    /// incident (Wix forgot its sites, or the app secret is wrong): from then on a refused token is kept, not quarantined,
    /// and tried again after <see cref="IncidentRetryDelay"/>. Default 20. Counted across every process on the store (its
    /// quarantined and incident-kept installations within the window), not per process.
    /// </summary>
    public int IncidentThreshold { get; set; } = 20;

    /// <summary>The window over which refusals are counted for <see cref="IncidentThreshold"/>. Default one minute.</summary>
    public TimeSpan IncidentWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a token refused during an incident waits before it is presented again. Default 15 minutes.</summary>
    public TimeSpan IncidentRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a token refused permanently with something other than <c>invalid_grant</c> (<c>invalid_client</c>, a 400
    /// without an error code) waits before it is presented again; meanwhile the instance uses client credentials.
    /// Default one hour.
    /// </summary>
    public TimeSpan RefusedCooldown { get; set; } = TimeSpan.FromHours(1);
}
