using Microsoft.Extensions.Logging;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Log events of the PostgreSQL store, the migrator and the key ring (IDs 3100–3199). Never a token, a code or
/// a connection string: instance IDs are identifiers, not secrets.
/// </summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Applying database migration {Version} ({Name})")]
    public static partial void ApplyingMigration(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Database schema is up to date ({Applied} migration(s) applied now, {Total} known)")]
    public static partial void MigrationsDone(ILogger logger, int applied, int total);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "The stored refresh token of instance {InstanceId} could not be decrypted; treating it as lost")]
    public static partial void RefreshTokenUndecryptable(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "Security: the stored refresh token of instance {InstanceId} is protected with a revoked Data Protection key; refused (client credentials instead). If the key was revoked for another reason than a compromise, reencrypt-refresh-tokens --include-revoked rescues it")]
    public static partial void RefreshTokenKeyRevoked(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "A refresh of instance {InstanceId} lost its compare-and-swap (row version {RowVersion} no longer current); the row was written without the lock; the rotated token is re-applied unless a newer one or a removal was written")]
    public static partial void RefreshCasLost(ILogger logger, string instanceId, long rowVersion);

    [LoggerMessage(EventId = 3130, Level = LogLevel.Information, Message = "Re-encryption batch done: {Scanned} scanned, {Reencrypted} re-encrypted, {Undecryptable} undecryptable, {Conflicts} changed meanwhile")]
    public static partial void ReencryptBatch(ILogger logger, int scanned, int reencrypted, int undecryptable, int conflicts);

    [LoggerMessage(EventId = 3140, Level = LogLevel.Information, Message = "Purged {Codes} expired authorization-code hashes and {Events} expired webhook event IDs")]
    public static partial void Purged(ILogger logger, int codes, int events);

    [LoggerMessage(EventId = 3141, Level = LogLevel.Warning, Message = "Purging expired code hashes and webhook event IDs failed; trying again at the next interval")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3142, Level = LogLevel.Information, Message = "Purged {Count} quarantined refresh tokens older than {Retention}")]
    public static partial void QuarantinePurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 3151, Level = LogLevel.Warning, Message = "Deleted {Count} notifications no process tried to send within {Retention}: no notification URL is configured (WixAuth:Notifications:Url), or no dispatcher has run")]
    public static partial void UnsentNotificationsPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 3270, Level = LogLevel.Warning, Message = "{Count} install handshake(s) interrupted between the write-ahead and the code exchange for longer than {After} (the process stopped while Wix held the answer): served by client credentials, recorded as exchange_interrupted and announced; a new install of each stores a refresh token")]
    public static partial void InterruptedHandshakesRecorded(ILogger logger, int count, TimeSpan after);

    [LoggerMessage(EventId = 3150, Level = LogLevel.Warning, Message = "Quarantined refresh token of instance {InstanceId} restored: Wix accepts it again")]
    public static partial void QuarantineRestored(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "The rotated refresh token of instance {InstanceId} was written after a lost compare-and-swap: {Reapplied} (false: a newer token or a removal was stored meanwhile and wins)")]
    public static partial void RotatedTokenReapplied(ILogger logger, string instanceId, bool reapplied);

    [LoggerMessage(EventId = 3160, Level = LogLevel.Warning, Message = "The shared token cache cannot reach the database ({ExceptionType}); tokens come from memory and Wix, tried again after {RetryAfter} (logged once per outage)")]
    public static partial void SharedCacheUnavailable(ILogger logger, string exceptionType, TimeSpan retryAfter);

    [LoggerMessage(EventId = 3161, Level = LogLevel.Information, Message = "The shared token cache reaches the database again")]
    public static partial void SharedCacheAvailableAgain(ILogger logger);

    [LoggerMessage(EventId = 3162, Level = LogLevel.Warning, Message = "The shared token of instance {InstanceId} could not be decrypted; treated as missing and deleted")]
    public static partial void SharedTokenUndecryptable(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3165, Level = LogLevel.Debug, Message = "Listening for installation changes on channel {Channel}")]
    public static partial void ListenerSubscribed(ILogger logger, string channel);

    [LoggerMessage(EventId = 3166, Level = LogLevel.Warning, Message = "Lost the connection listening for installation changes ({ExceptionType}); resubscribing with backoff, the status cache's short duration is the backstop meanwhile (logged once per drop)")]
    public static partial void ListenerLost(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 3167, Level = LogLevel.Information, Message = "Listening for installation changes again after {Downtime}; {CaughtUp} change(s) made meanwhile applied")]
    public static partial void ListenerRecovered(ILogger logger, TimeSpan downtime, int caughtUp);

    [LoggerMessage(EventId = 3168, Level = LogLevel.Warning, Message = "Ignored a malformed installation-change notification on channel {Channel}")]
    public static partial void ChangeNotificationMalformed(ILogger logger, string channel);

    [LoggerMessage(EventId = 3169, Level = LogLevel.Error, Message = "An installation-change observer ({Observer}) failed for instance {InstanceId}")]
    public static partial void ChangeObserverFailed(ILogger logger, string observer, string instanceId, Exception exception);

    [LoggerMessage(EventId = 3250, Level = LogLevel.Warning, Message = "The rotated refresh token of instance {InstanceId} could not be stored ({ExceptionType}): Wix has revoked the stored one, so the new one is kept in this process and written as soon as the database takes it")]
    public static partial void RotatedTokenWriteDeferred(ILogger logger, string instanceId, string exceptionType);

    [LoggerMessage(EventId = 3251, Level = LogLevel.Information, Message = "The rotated refresh token of instance {InstanceId} kept in memory was written: {Written} (false: a newer token, or a removal, was stored meanwhile and wins)")]
    public static partial void RotatedTokenWrittenBack(ILogger logger, string instanceId, bool written);

    [LoggerMessage(EventId = 3252, Level = LogLevel.Error, Message = "The rotated refresh token of instance {InstanceId} could not be written before shutdown and is lost; the stored one was revoked by Wix, so the installation falls back to client credentials on its next refresh")]
    public static partial void RotatedTokenNotWritten(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3260, Level = LogLevel.Debug, Message = "The shared token cache waited longer than {Timeout} for a pooled connection ({Operation}); counted as a miss, the cache is not skipped (the pool is busy, the database is not down)")]
    public static partial void SharedCachePoolWaitExceeded(ILogger logger, string operation, TimeSpan timeout);

    [LoggerMessage(EventId = 3261, Level = LogLevel.Information, Message = "Purged {Tokens} shared access tokens past their expiry and {Claims} expired claims")]
    public static partial void SharedTokensPurged(ILogger logger, int tokens, int claims);
}
