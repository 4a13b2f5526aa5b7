namespace Wix.Auth.PostgreSql.Internal;

/// <summary>A <c>wix_installations</c> row as Dapper reads it; the SQL aliases columns to these names.</summary>
internal sealed class InstallationRow
{
    public const string Columns = """
        instance_id AS InstanceId, status AS Status, strategy AS Strategy,
        refresh_token_ciphertext AS RefreshTokenCiphertext, installed_at AS InstalledAt, updated_at AS UpdatedAt,
        last_refresh_at AS LastRefreshAt, last_fallback_at AS LastFallbackAt, fallback_reason AS FallbackReason,
        last_error_code AS LastErrorCode, row_version AS RowVersion, refresh_retry_at AS RefreshRetryAt,
        preferred_strategy AS PreferredStrategy, migrated_at AS MigratedAt, refresh_token_keep_until AS RefreshTokenKeepUntil,
        migration_error AS MigrationError, plan_product_id AS PlanProductId, plan_cycle AS PlanCycle,
        plan_expires_at AS PlanExpiresAt, plan_auto_renew AS PlanAutoRenew, plan_event AS PlanEvent, plan_changed_at AS PlanChangedAt,
        generation AS Generation
        """;

    public string InstanceId { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string Strategy { get; set; } = string.Empty;

    public string? RefreshTokenCiphertext { get; set; }

    public DateTime InstalledAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastRefreshAt { get; set; }

    public DateTime? LastFallbackAt { get; set; }

    public string? FallbackReason { get; set; }

    public string? LastErrorCode { get; set; }

    public long RowVersion { get; set; }

    public long Generation { get; set; }

    public string? PreferredStrategy { get; set; }

    public DateTime? MigratedAt { get; set; }

    public DateTime? RefreshTokenKeepUntil { get; set; }

    public string? MigrationError { get; set; }

    public string? PlanProductId { get; set; }

    public string? PlanCycle { get; set; }

    public DateTime? PlanExpiresAt { get; set; }

    public bool? PlanAutoRenew { get; set; }

    public string? PlanEvent { get; set; }

    public DateTime? PlanChangedAt { get; set; }

    public DateTime? RefreshRetryAt { get; set; }

    public static string ToDb(WixFallbackReason reason) => reason.ToString().ToLowerInvariant();

    public WixInstallation ToInstallation() => new()
    {
        InstanceId = InstanceId,
        Status = Status == "removed" ? WixInstallationStatus.Removed : WixInstallationStatus.Installed,
        Strategy = Strategy,
        HasRefreshToken = RefreshTokenCiphertext is not null,
        InstalledAt = Utc(InstalledAt),
        UpdatedAt = Utc(UpdatedAt),
        LastRefreshAt = LastRefreshAt is { } r ? Utc(r) : null,
        LastFallbackAt = LastFallbackAt is { } f ? Utc(f) : null,
        FallbackReason = FallbackReason is null ? null : Enum.Parse<WixFallbackReason>(FallbackReason, ignoreCase: true),
        LastErrorCode = LastErrorCode,
        RowVersion = RowVersion,
        Generation = Generation,
        PreferredStrategy = PreferredStrategy,
        MigratedAt = MigratedAt is { } m ? Utc(m) : null,
        RefreshTokenKeepUntil = RefreshTokenKeepUntil is { } k ? Utc(k) : null,
        MigrationError = MigrationError,
        Plan = PlanEvent is null ? null : new WixPlanChange(PlanProductId, PlanCycle, PlanExpiresAt is { } e ? Utc(e) : null, PlanAutoRenew),
        PlanEvent = PlanEvent,
        PlanChangedAt = PlanChangedAt is { } p ? Utc(p) : null,
        RefreshRetryAt = RefreshRetryAt is { } retry ? Utc(retry) : null,
    };

    private static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
}
