namespace Wix.Auth.Advanced;

/// <summary>What we know about the app's installation on one site. Carries no secret.</summary>
public sealed record WixInstallation
{
    /// <summary>The app instance (one app on one site).</summary>
    public required string InstanceId { get; init; }

    /// <summary>Whether the app is installed on the instance or was removed.</summary>
    public required WixInstallationStatus Status { get; init; }

    /// <summary>The strategy tokens come from: <see cref="WixAuthStrategyNames"/>.</summary>
    public required string Strategy { get; init; }

    /// <summary>True when an (encrypted) refresh token is stored for the instance.</summary>
    public required bool HasRefreshToken { get; init; }

    /// <summary>When the app was (last) installed on the instance.</summary>
    public required DateTimeOffset InstalledAt { get; init; }

    /// <summary>When the refresh token last produced an access token.</summary>
    public DateTimeOffset? LastRefreshAt { get; init; }

    /// <summary>When tokens last came from client credentials because the refresh token could not serve.</summary>
    public DateTimeOffset? LastFallbackAt { get; init; }

    /// <summary>Why tokens come from client credentials instead of the refresh token; null while the refresh token serves.</summary>
    public WixFallbackReason? FallbackReason { get; init; }

    /// <summary>The error code of the last failed refresh, as Wix sent it; null after a success.</summary>
    public string? LastErrorCode { get; init; }

    /// <summary>
    /// The stored refresh token is not presented to Wix before this time (a cooldown after a permanent refusal, or a
    /// refusal during an incident); until then the instance is served by client credentials. Null: no cooldown.
    /// </summary>
    public DateTimeOffset? RefreshRetryAt { get; init; }

    /// <summary>When anything about the installation last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Incremented on every change; writers compare it so that a late writer never overwrites a newer state.</summary>
    public required long RowVersion { get; init; }

    /// <summary>
    /// Bumped on every removal and every (re)install. A token is tied to the generation it was issued under
    /// (<see cref="WixAccessToken.Generation"/>), so one from before a removal is never served after a reinstall.
    /// </summary>
    public long Generation { get; init; }

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
