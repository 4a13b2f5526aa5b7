using Dapper;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.PostgreSql;

/// <summary>Reads the outbound-notification outbox for operators: what is still pending and what failed.</summary>
public sealed class WixNotificationOutbox
{
    private const string Counts = """
        SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS Pending,
               count(*) FILTER (WHERE failed_at IS NOT NULL) AS Failed
          FROM wix_notification_outbox
        """;

    private const string Undelivered = """
        (SELECT webhook_id AS WebhookId, event_type AS EventType, instance_id AS InstanceId, created_at AS CreatedAt,
                attempts AS Attempts, next_attempt_at AS NextAttemptAt, failed_at AS FailedAt, last_error AS LastError
           FROM wix_notification_outbox WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT @limit)
        UNION ALL
        (SELECT webhook_id, event_type, instance_id, created_at, attempts, next_attempt_at, failed_at, last_error
           FROM wix_notification_outbox WHERE failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT @limit)
        """;

    private readonly WixPostgresDataSource _dataSource;

    internal WixNotificationOutbox(WixPostgresDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Counts, and up to <paramref name="limit"/> pending plus <paramref name="limit"/> failed events.</summary>
    public async Task<WixNotificationOutboxStatus> GetStatusAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var counts = await connection.QuerySingleAsync<(long Pending, long Failed)>(new CommandDefinition(Counts, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Undelivered, new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new WixNotificationOutboxStatus(counts.Pending, counts.Failed, rows.Select(r => r.ToEntry()).ToList());
    }

    private sealed class Row
    {
        public string WebhookId { get; set; } = string.Empty;

        public string EventType { get; set; } = string.Empty;

        public string? InstanceId { get; set; }

        public DateTime CreatedAt { get; set; }

        public int Attempts { get; set; }

        public DateTime NextAttemptAt { get; set; }

        public DateTime? FailedAt { get; set; }

        public string? LastError { get; set; }

        public WixNotificationEntry ToEntry() => new(
            WebhookId, EventType, InstanceId, Utc(CreatedAt), Attempts, Utc(NextAttemptAt), FailedAt is { } f ? Utc(f) : null, LastError);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
    }
}
