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
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
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
                _ => "other",
            },
            installation.LastErrorCode,
            installation.UpdatedAt);
    }
}
