namespace Wix.Auth.Advanced;

/// <summary>What we know about the app's installation on one site. Carries no secret.</summary>
public sealed record WixInstallation
{
    public required string InstanceId { get; init; }

    public required WixInstallationStatus Status { get; init; }

    /// <summary>The strategy tokens come from: <see cref="WixAuthStrategyNames"/>.</summary>
    public required string Strategy { get; init; }

    public required bool HasRefreshToken { get; init; }

    public required DateTimeOffset InstalledAt { get; init; }

    public DateTimeOffset? LastRefreshAt { get; init; }

    public DateTimeOffset? LastFallbackAt { get; init; }

    public WixFallbackReason? FallbackReason { get; init; }

    public string? LastErrorCode { get; init; }

    /// <summary>
    /// The stored refresh token is not presented to Wix before this time (a cooldown after a permanent refusal, or a
    /// refusal during an incident); until then the instance is served by client credentials. Null: no cooldown.
    /// </summary>
    public DateTimeOffset? RefreshRetryAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required long RowVersion { get; init; }
}
