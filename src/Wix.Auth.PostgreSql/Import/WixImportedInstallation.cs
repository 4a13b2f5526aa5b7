namespace Wix.Auth.PostgreSql;

/// <summary>
/// One installation to import from a legacy database: the instance ID and, for apps that used custom authentication,
/// its refresh token in plain text (encrypted before it is stored). <see cref="ToString"/> never prints the token.
/// </summary>
public sealed class WixImportedInstallation
{
    /// <summary>Creates a row to import; <paramref name="refreshToken"/> null or empty means none.</summary>
    public WixImportedInstallation(string instanceId, string? refreshToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        InstanceId = instanceId;
        RefreshToken = string.IsNullOrEmpty(refreshToken) ? null : refreshToken;
    }

    /// <summary>The Wix instance ID.</summary>
    public string InstanceId { get; }

    /// <summary>The legacy refresh token, or null when the instance has none.</summary>
    public string? RefreshToken { get; }

    /// <inheritdoc />
    public override string ToString() => $"{InstanceId} ({(RefreshToken is null ? "no refresh token" : "refresh token")})";
}
