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

    public required DateTimeOffset UpdatedAt { get; init; }

    public required long RowVersion { get; init; }

    /// <summary>
    /// The strategy asked for first: null keeps the default order (refresh token, then client credentials);
    /// <see cref="WixAuthStrategyNames.ClientCredentials"/> once the installation was migrated off legacy custom auth.
    /// </summary>
    public string? PreferredStrategy { get; init; }

    /// <summary>When the installation was switched to client credentials; null when it never was.</summary>
    public DateTimeOffset? MigratedAt { get; init; }

    /// <summary>Until when a migrated installation keeps its refresh token as a fallback; purged after that.</summary>
    public DateTimeOffset? RefreshTokenKeepUntil { get; init; }

    /// <summary>Why the last attempt to switch to client credentials failed (an error code); null after a success.</summary>
    public string? MigrationError { get; init; }

    /// <summary>The plan as the last billing webhook recorded it; null when none arrived.</summary>
    public WixPlanChange? Plan { get; init; }

    /// <summary>The billing event that last changed <see cref="Plan"/> (e.g. <c>PaidPlanPurchased</c>), and when.</summary>
    public string? PlanEvent { get; init; }

    /// <summary>When the last billing event happened (its event time).</summary>
    public DateTimeOffset? PlanChangedAt { get; init; }
}
