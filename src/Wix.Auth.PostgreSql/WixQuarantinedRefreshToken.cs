namespace Wix.Auth.PostgreSql;

/// <summary>A refresh token Wix refused, kept in quarantine. Carries no secret.</summary>
/// <param name="InstanceId">The instance it belongs to.</param>
/// <param name="ErrorCode">Wix's error code when it was refused (usually <c>invalid_grant</c>).</param>
/// <param name="QuarantinedAt">When it was refused; purged after <see cref="WixPostgresStoreOptions.RevokedRefreshTokenRetention"/>.</param>
public sealed record WixQuarantinedRefreshToken(string InstanceId, string? ErrorCode, DateTimeOffset QuarantinedAt);
