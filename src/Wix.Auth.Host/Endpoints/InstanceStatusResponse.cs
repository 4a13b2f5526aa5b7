using System.Text.Json.Serialization;

namespace Wix.Auth.Host.Endpoints;

/// <summary>An installation's status for the app's services and operators. Carries no secret.</summary>
internal sealed record InstanceStatusResponse(
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("has_refresh_token")] bool HasRefreshToken,
    [property: JsonPropertyName("installed_at")] DateTimeOffset InstalledAt,
    [property: JsonPropertyName("last_refresh_at")] DateTimeOffset? LastRefreshAt,
    [property: JsonPropertyName("last_fallback_at")] DateTimeOffset? LastFallbackAt,
    [property: JsonPropertyName("fallback_reason")] string? FallbackReason,
    [property: JsonPropertyName("last_error_code")] string? LastErrorCode,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("preferred_strategy")] string? PreferredStrategy = null,
    [property: JsonPropertyName("migrated_at")] DateTimeOffset? MigratedAt = null,
    [property: JsonPropertyName("refresh_token_kept_until")] DateTimeOffset? RefreshTokenKeptUntil = null,
    [property: JsonPropertyName("migration_error")] string? MigrationError = null,
    [property: JsonPropertyName("plan")] InstancePlanResponse? Plan = null)
{
    public static InstanceStatusResponse From(Wix.Auth.Advanced.WixInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(installation);
        return new(
            installation.InstanceId,
            installation.Status == Wix.Auth.Advanced.WixInstallationStatus.Installed ? "installed" : "removed",
            installation.Strategy,
            installation.HasRefreshToken,
            installation.InstalledAt,
            installation.LastRefreshAt,
            installation.LastFallbackAt,
            installation.FallbackReason switch
            {
                null => null,
                Wix.Auth.Advanced.WixFallbackReason.Missing => "missing",
                Wix.Auth.Advanced.WixFallbackReason.Revoked => "revoked",
                Wix.Auth.Advanced.WixFallbackReason.Undecryptable => "undecryptable",
                Wix.Auth.Advanced.WixFallbackReason.Refused => "refused",
                Wix.Auth.Advanced.WixFallbackReason.Incident => "incident",
                Wix.Auth.Advanced.WixFallbackReason.Installing => "installing",
                _ => "other",
            },
            installation.LastErrorCode,
            installation.UpdatedAt,
            // Null in the store is the default order, refresh token first.
            installation.PreferredStrategy ?? Wix.Auth.WixAuthStrategyNames.RefreshToken,
            installation.MigratedAt,
            installation.RefreshTokenKeepUntil,
            installation.MigrationError,
            installation.Plan is { } plan
                ? new InstancePlanResponse(plan.VendorProductId, plan.Cycle, plan.ExpiresAt, plan.AutoRenew, installation.PlanEvent, installation.PlanChangedAt)
                : null);
    }
}
