using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Keeps the replay-protection tables bounded: a redeemed code's hash is useless once Wix refuses the code itself, and
/// a webhook event ID once Wix has stopped re-delivering it, a quarantined refresh token once the operator has had the
/// retention to restore it, a shared access token or a claim on one once it has expired. Without this the tables grow
/// with every install, event and refusal.
/// </summary>
internal sealed class WixStoreRetentionService(
    WixPostgresDataSource dataSource,
    IOptions<WixPostgresStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<WixStoreRetentionService> logger) : BackgroundService
{
    /// <summary>Deletes what is past its retention; returns how many code hashes and event IDs went.</summary>
    internal async Task<(int Codes, int Events, int Quarantined)> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var settings = options.Value;
        await using var connection = await dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var codes = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_redeemed_codes WHERE redeemed_at < @before",
            new { before = now - settings.RedeemedCodeRetention },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var events = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_webhook_events WHERE received_at < @before",
            new { before = now - settings.WebhookEventRetention },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var quarantined = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_quarantined_refresh_tokens WHERE quarantined_at < @before",
            new { before = now - settings.RevokedRefreshTokenRetention },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (codes > 0 || events > 0)
        {
            StoreLog.Purged(logger, codes, events);
        }

        if (quarantined > 0)
        {
            StoreLog.QuarantinePurged(logger, quarantined, settings.RevokedRefreshTokenRetention);
        }

        // Delivered and given-up notifications are history after the same time as webhook event IDs.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_notification_outbox WHERE created_at < @before AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL)",
            new { before = now - settings.WebhookEventRetention },
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Never attempted: no dispatcher runs against this database. Bounded so the table cannot grow for ever and a
        // receiver configured later is not flooded with months of history (attempted events follow RetryFor instead).
        var unsent = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_notification_outbox WHERE created_at < @before AND attempts = 0 AND delivered_at IS NULL AND failed_at IS NULL",
            new { before = now - settings.UnsentNotificationRetention },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (unsent > 0)
        {
            StoreLog.UnsentNotificationsPurged(logger, unsent, settings.UnsentNotificationRetention);
        }

        if (await KeptRefreshTokens.PurgeAsync(connection, now, cancellationToken).ConfigureAwait(false) is var kept and > 0)
        {
            MigrationLog.KeptRefreshTokensPurged(logger, kept);
        }

        if (await InterruptedHandshakes.RecordAsync(connection, now, settings.InterruptedHandshakeAfter, cancellationToken).ConfigureAwait(false) is var interrupted and > 0)
        {
            StoreLog.InterruptedHandshakesRecorded(logger, interrupted, settings.InterruptedHandshakeAfter);
        }

        // The shared token cache keeps one row per instance ever asked for, and a claim per instance whose claimant
        // crashed: past their expiry they serve no one (a read checks refresh_at, a claim its expiry), so they go.
        var sharedTokens = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_shared_tokens WHERE expires_at < @now", new { now }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var claims = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_token_claims WHERE expires_at < @now", new { now }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (sharedTokens > 0 || claims > 0)
        {
            StoreLog.SharedTokensPurged(logger, sharedTokens, claims);
        }

        return (codes, events, quarantined);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (DbException e)
                {
                    // A database outage must not stop the host; the next tick tries again.
                    StoreLog.PurgeFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
