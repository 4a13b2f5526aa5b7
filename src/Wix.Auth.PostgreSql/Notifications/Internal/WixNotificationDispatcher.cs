using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Delivers the outbox to <see cref="WixNotificationOptions.Url"/>: due events are locked with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several processes share the work and never send one event at the same time; each is
/// POSTed with its fixed <c>webhook-id</c> and body and a fresh timestamp and signature. A 2xx marks it delivered; anything
/// else schedules the next attempt with exponential backoff until <see cref="WixNotificationOptions.RetryFor"/> has
/// passed, then it is marked failed (at-least-once: a receiver that answered too late may see an event twice).
/// </summary>
internal sealed class WixNotificationDispatcher(
    WixPostgresDataSource dataSource,
    IHttpClientFactory httpClientFactory,
    IOptions<WixNotificationOptions> options,
    TimeProvider timeProvider,
    WixNotificationMetrics metrics,
    ILogger<WixNotificationDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "Wix.Auth.Notifications";

    private const string SelectDue = """
        SELECT id AS Id, webhook_id AS WebhookId, event_type AS EventType, body AS Body, attempts AS Attempts, created_at AS CreatedAt
          FROM wix_notification_outbox
         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= @now
         ORDER BY id LIMIT @batch
         FOR UPDATE SKIP LOCKED
        """;

    private const string MarkDelivered = "UPDATE wix_notification_outbox SET delivered_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id";

    private const string MarkRetry = """
        UPDATE wix_notification_outbox
           SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error,
               failed_at = CASE WHEN @giveUp THEN @now ELSE NULL END
         WHERE id = @id
        """;

    /// <summary>Sends every due event of one batch; returns how many were attempted.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = WixNotificationSignature.TryDecodeSecret(settings.Secret)
            ?? throw new InvalidOperationException("WixAuth:Notifications:Secret is not a valid signing secret.");
        await using var connection = await dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var due = (await connection.QueryAsync<DueEvent>(new CommandDefinition(
            SelectDue, new { now = timeProvider.GetUtcNow(), batch = settings.BatchSize }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var client = httpClientFactory.CreateClient(HttpClientName);
        foreach (var item in due)
        {
            var error = await SendAsync(client, settings, key, item, cancellationToken).ConfigureAwait(false);
            var now = timeProvider.GetUtcNow();
            if (error is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(MarkDelivered, new { id = item.Id, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                metrics.Attempted(item.EventType, "delivered");
                continue;
            }

            var giveUp = now - DateTime.SpecifyKind(item.CreatedAt, DateTimeKind.Utc) >= settings.RetryFor;
            var delay = Backoff(settings, item.Attempts);
            await connection.ExecuteAsync(new CommandDefinition(
                MarkRetry, new { id = item.Id, now, next = now + delay, error, giveUp }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            NotificationLog.DeliveryFailed(logger, item.WebhookId, item.EventType, item.Attempts + 1, error, giveUp);
            metrics.Attempted(item.EventType, giveUp ? "failed" : "retry");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return due.Count;
    }

    /// <summary>First retry after <see cref="WixNotificationOptions.FirstRetryDelay"/>, doubling, capped at the maximum.</summary>
    internal static TimeSpan Backoff(WixNotificationOptions settings, int previousAttempts)
    {
        var factor = Math.Pow(2, Math.Min(previousAttempts, 30));
        var ticks = Math.Min(settings.FirstRetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException e)
            {
                // The outbox is durable: an outage delays delivery, it loses nothing.
                NotificationLog.PollFailed(logger, e);
            }

            if (sent == 0)
            {
                try
                {
                    await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Null on a 2xx answer; otherwise the status or error, for the outbox row (never the receiver's body).</summary>
    private async Task<string?> SendAsync(HttpClient client, WixNotificationOptions settings, byte[] key, DueEvent item, CancellationToken cancellationToken)
    {
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(item.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", item.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WixNotificationSignature.Sign(key, item.WebhookId, timestamp, item.Body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (HttpRequestException e)
        {
            return "network_" + e.HttpRequestError.ToString().ToLowerInvariant();
        }
    }

    private sealed class DueEvent
    {
        public long Id { get; set; }

        public string WebhookId { get; set; } = string.Empty;

        public string EventType { get; set; } = string.Empty;

        public string Body { get; set; } = string.Empty;

        public int Attempts { get; set; }

        public DateTime CreatedAt { get; set; }
    }
}
