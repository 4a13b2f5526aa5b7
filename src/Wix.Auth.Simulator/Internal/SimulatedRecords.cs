namespace Wix.Auth.Simulator.Internal;

/// <summary>A site with (or once with) the app: Wix keeps the instance ID across uninstall and reinstall.</summary>
internal sealed class SimulatedInstance(string instanceId, string siteId, string? originInstanceId)
{
    public string InstanceId { get; } = instanceId;

    public string SiteId { get; } = siteId;

    public string? OriginInstanceId { get; } = originInstanceId;

    public volatile bool Installed;

    public volatile bool Configured;

    /// <summary>
    /// Access tokens with a lower issue sequence are rejected by the API gateway. A sequence rather than a time,
    /// so that a token issued right after an expiry on a frozen fake clock is still valid.
    /// </summary>
    public long AccessTokensValidFromSequence;
}

internal sealed record AuthorizationCode(string Code, string InstanceId, DateTimeOffset ExpiresAt)
{
    public int Used;
}

internal sealed record RefreshTokenRecord(string Token, string InstanceId)
{
    public volatile bool Revoked;
}

/// <summary>An access token: the app's own (<c>APP</c>) or a dashboard user's, member's or visitor's on one site.</summary>
internal sealed record AccessTokenRecord(
    string Token,
    string InstanceId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    long Sequence,
    string SubjectType = "APP",
    string? SubjectId = null,
    string? ClientId = null);

internal sealed record MarketToken(string Token, string? InstanceId, DateTimeOffset ExpiresAt)
{
    public int Used;
}

internal sealed record PendingConsent(string Id, string RedirectUrl, string? State, MarketToken? MarketToken);
