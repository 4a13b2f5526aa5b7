namespace Wix.Auth.PostgreSql;

/// <summary>A run of <see cref="WixClientCredentialsMigrator"/>.</summary>
public sealed class WixMigrationOptions
{
    /// <summary>Only this instance; null: every installation still on refresh tokens.</summary>
    public string? InstanceId { get; init; }

    /// <summary>True: verify with Wix (client credentials + Token Info) and report, but change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>How long a migrated installation keeps its refresh token as a fallback before it is purged. Default 30 days; zero purges at once.</summary>
    public TimeSpan KeepRefreshTokens { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Instances verified at the same time. Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>
    /// Instances started per second at most, across the run (Wix allows 200 requests per minute per instance and does
    /// not say whether the token endpoints count; a migration should not compete with live traffic). Default 10.
    /// </summary>
    public double MaxPerSecond { get; init; } = 10;
}
