namespace Wix.Auth.Simulator.Internal;

/// <summary>A site with (or once with) the app: Wix keeps the instance ID across uninstall and reinstall.</summary>
internal sealed class SimulatedInstance(string instanceId, string siteId, string? originInstanceId)
{
    public string InstanceId { get; } = instanceId;

    public string SiteId { get; } = siteId;

    public string? OriginInstanceId { get; } = originInstanceId;

    public volatile bool Installed;

    public volatile bool Configured;

    /// <summary>Access tokens issued before this moment are rejected by the API gateway.</summary>
    public DateTimeOffset AccessTokensValidAfter { get; set; } = DateTimeOffset.MinValue;
}

internal sealed record AuthorizationCode(string Code, string InstanceId, DateTimeOffset ExpiresAt)
{
    public int Used;
}

internal sealed record RefreshTokenRecord(string Token, string InstanceId)
{
    public volatile bool Revoked;
}

internal sealed record AccessTokenRecord(string Token, string InstanceId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

internal sealed record MarketToken(string Token, string? InstanceId, DateTimeOffset ExpiresAt)
{
    public int Used;
}

internal sealed record PendingConsent(string Id, string RedirectUrl, string? State, MarketToken? MarketToken);
