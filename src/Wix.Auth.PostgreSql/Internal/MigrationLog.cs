using Microsoft.Extensions.Logging;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Log events of the move off legacy custom auth and of outbound notifications (IDs 3180–3199, within the store's
/// range). Never a token or a secret; instance IDs are identifiers.
/// </summary>
internal static partial class MigrationLog
{
    [LoggerMessage(EventId = 3180, Level = LogLevel.Information, Message = "Installation import {Mode}: {Total} instance(s), {Created} created, {Updated} updated, {Unchanged} unchanged")]
    private static partial void ImportedCore(ILogger logger, string mode, int total, int created, int updated, int unchanged);

    public static void Imported(ILogger logger, int total, int created, int updated, int unchanged, bool dryRun) =>
        ImportedCore(logger, dryRun ? "dry run (rolled back)" : "committed", total, created, updated, unchanged);

    [LoggerMessage(EventId = 3181, Level = LogLevel.Information, Message = "Migration to client credentials of instance {InstanceId}: {Outcome} {ErrorCode}")]
    public static partial void InstanceMigration(ILogger logger, string instanceId, WixMigrationOutcomeKind outcome, string? errorCode);

    [LoggerMessage(EventId = 3182, Level = LogLevel.Information, Message = "Migration to client credentials done (dry run: {DryRun}): {Migrated} migrated, {NotInstalled} not installed, {Failed} failed")]
    public static partial void MigrationDone(ILogger logger, int migrated, int notInstalled, int failed, bool dryRun);

    [LoggerMessage(EventId = 3183, Level = LogLevel.Information, Message = "Purged the kept refresh tokens of {Count} migrated installation(s) past their keep date")]
    public static partial void KeptRefreshTokensPurged(ILogger logger, int count);
}
