namespace Wix.Auth.PostgreSql;

/// <summary>One installation's result in a migration run. Carries no token.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ErrorCode">For <see cref="WixMigrationOutcomeKind.Failed"/> and <see cref="WixMigrationOutcomeKind.NotInstalled"/>: Wix's error code or ours (e.g. <c>token_info_mismatch</c>).</param>
public sealed record WixMigrationOutcome(string InstanceId, WixMigrationOutcomeKind Kind, string? ErrorCode);
