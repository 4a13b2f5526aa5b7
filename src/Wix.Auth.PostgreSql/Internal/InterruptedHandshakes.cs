using Dapper;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// An install callback killed between its write-ahead and the end of its code exchange (checklist FI-2) leaves an
/// installation served by client credentials with error code <c>exchange_pending</c>, which the notification trigger
/// does not announce while it may still complete (migration 0016). Once it cannot still be in flight, it is recorded as
/// <c>exchange_interrupted</c>: that resolves the write-ahead, so the app hears <c>installation.installed</c> and
/// <c>installation.fallback</c>, as for an exchange that failed in front of us. The code is never presented again (it
/// was claimed); a later install of the site stores a refresh token and is announced as <c>refresh_restored</c>.
/// </summary>
internal static class InterruptedHandshakes
{
    public const string ErrorCode = "exchange_interrupted";

    // Only a row still exactly as the write-ahead left it, and for longer than the threshold: a completed exchange or a
    // later write-ahead (updated_at renewed) is not touched.
    private const string Record = $"""
        UPDATE wix_installations
           SET last_error_code = @interrupted, updated_at = @now, row_version = row_version + 1
         WHERE {PostgresInstallationStore.WriteAheadAsLeft} AND updated_at < @before
        """;

    public static Task<int> RecordAsync(NpgsqlConnection connection, DateTimeOffset now, TimeSpan after, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            Record,
            new
            {
                interrupted = ErrorCode,
                reason = InstallationRow.ToDb(WixFallbackReason.Installing),
                pending = PostgresInstallationStore.ExchangePending,
                now,
                before = now - after,
            },
            cancellationToken: cancellationToken));
}
