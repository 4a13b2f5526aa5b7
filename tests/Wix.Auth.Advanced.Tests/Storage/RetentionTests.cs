using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.PostgreSql.Internal;
using Wix.Auth.PostgreSql;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

public sealed class RetentionTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Instance = "3f0a6b0e-0000-4000-8000-0000000000a1";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
    private StoreProcess _process = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _process = await StoreProcess.StartAsync(database.ConnectionString, _time);
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();

    [Fact]
    public async Task Code_hashes_and_webhook_event_ids_past_their_retention_are_purged_and_younger_ones_kept()
    {
        var store = _process.Codes;
        Assert.True(await store.TryClaimAuthorizationCodeAsync(Instance, new byte[] { 1 }, CancellationToken.None));
        await InsertEventAsync("old-event");
        _time.Advance(TimeSpan.FromDays(6));
        Assert.True(await store.TryClaimAuthorizationCodeAsync(Instance, new byte[] { 2 }, CancellationToken.None));
        await InsertEventAsync("young-event");
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        // The hosted service also purges on its hourly tick, which the fake clock fires while advancing; whichever
        // ran, the tables must end in the same state. Defaults: code hashes kept one day, webhook event IDs seven days.
        await _process.Services.GetRequiredService<WixStoreRetentionService>().PurgeAsync(CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM wix_redeemed_codes"));
        Assert.Equal(["young-event"], (await connection.QueryAsync<string>("SELECT event_id FROM wix_webhook_events")).ToArray());
    }

    [Fact]
    public async Task A_purged_code_hash_does_not_let_a_replayed_code_through_while_it_is_still_kept()
    {
        var store = _process.Codes;
        Assert.True(await store.TryClaimAuthorizationCodeAsync(Instance, new byte[] { 7 }, CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(23));

        await _process.Services.GetRequiredService<WixStoreRetentionService>().PurgeAsync(CancellationToken.None);

        Assert.False(await store.TryClaimAuthorizationCodeAsync(Instance, new byte[] { 7 }, CancellationToken.None));
    }

    [Fact]
    public async Task Quarantined_refresh_tokens_are_kept_30_days_by_default_then_purged()
    {
        await InsertQuarantinedAsync("old-instance");
        _time.Advance(TimeSpan.FromDays(29));
        await InsertQuarantinedAsync("young-instance");
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var (_, _, purged) = await _process.Services.GetRequiredService<WixStoreRetentionService>().PurgeAsync(CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.InRange(purged, 0, 1);
        Assert.Equal(["young-instance"], (await connection.QueryAsync<string>("SELECT instance_id FROM wix_quarantined_refresh_tokens")).ToArray());
    }

    [Fact]
    public async Task Notifications_no_process_tried_to_send_are_deleted_after_3_days_and_attempted_ones_are_kept_for_their_retries()
    {
        await InsertNotificationAsync("msg_never_sent", attempts: 0);
        await InsertNotificationAsync("msg_receiver_down", attempts: 4);
        _time.Advance(TimeSpan.FromDays(2));
        await InsertNotificationAsync("msg_recent", attempts: 0);
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        await _process.Services.GetRequiredService<WixStoreRetentionService>().PurgeAsync(CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            ["msg_receiver_down", "msg_recent"],
            (await connection.QueryAsync<string>("SELECT webhook_id FROM wix_notification_outbox ORDER BY webhook_id")).ToArray());
    }

    [Fact]
    public async Task A_handshake_interrupted_after_its_write_ahead_is_announced_once_it_cannot_still_be_in_flight()
    {
        // The callback wrote its write-ahead and the process was killed while Wix held the answer (checklist FI-2).
        Assert.True(await _process.Store.RecordInstallingAsync(Instance, CancellationToken.None));
        var retention = _process.Services.GetRequiredService<WixStoreRetentionService>();

        _time.Advance(TimeSpan.FromMinutes(4));
        await retention.PurgeAsync(CancellationToken.None);
        Assert.Equal("exchange_pending", await ErrorCodeAsync());
        Assert.Empty(await OutboxAsync());

        // Past InterruptedHandshakeAfter (5 minutes by default) it cannot still be waiting for Wix.
        _time.Advance(TimeSpan.FromMinutes(2));
        await retention.PurgeAsync(CancellationToken.None);
        await retention.PurgeAsync(CancellationToken.None);

        Assert.Equal("exchange_interrupted", await ErrorCodeAsync());
        var events = await OutboxAsync();
        Assert.Equal(["installation.installed", "installation.fallback"], events.Select(e => e.EventType).ToArray());
        using (var fallback = System.Text.Json.JsonDocument.Parse(events[1].Body))
        {
            var data = fallback.RootElement.GetProperty("data");
            Assert.Equal("installing", data.GetProperty("reason").GetString());
            Assert.Equal("exchange_interrupted", data.GetProperty("error_code").GetString());
        }

        var installation = await _process.Store.FindAsync(Instance, CancellationToken.None);
        Assert.Equal(WixFallbackReason.Installing, installation!.FallbackReason);

        // A later install of the site completes it like any failed exchange.
        await _process.Store.SaveRefreshTokenAsync(Instance, "a-new-refresh-token", CancellationToken.None);
        Assert.Equal(
            ["installation.installed", "installation.fallback", "installation.refresh_restored"],
            (await OutboxAsync()).Select(e => e.EventType).ToArray());
    }

    private async Task<string?> ErrorCodeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT last_error_code FROM wix_installations WHERE instance_id = @Instance", new { Instance });
    }

    private async Task<(string EventType, string Body)[]> OutboxAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string)>(
            "SELECT event_type, body FROM wix_notification_outbox WHERE instance_id = @Instance ORDER BY id", new { Instance })).ToArray();
    }

    [Fact]
    public async Task Shared_access_tokens_and_token_claims_past_their_expiry_are_purged_and_live_ones_kept()
    {
        // A one-hour token and a ten-second claim, then the same again an hour and a minute later.
        await InsertSharedAsync("expired-instance");
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await InsertSharedAsync("live-instance");

        await _process.Services.GetRequiredService<WixStoreRetentionService>().PurgeAsync(CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(["live-instance"], (await connection.QueryAsync<string>("SELECT instance_id FROM wix_shared_tokens")).ToArray());
        Assert.Equal(["live-instance"], (await connection.QueryAsync<string>("SELECT instance_id FROM wix_token_claims")).ToArray());
    }

    private async Task InsertSharedAsync(string instanceId)
    {
        var now = _time.GetUtcNow();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO wix_shared_tokens (instance_id, generation, token_ciphertext, strategy, expires_at, refresh_at, written_at)
            VALUES (@instanceId, 1, 'ciphertext', 'client_credentials', @expiresAt, @refreshAt, @now);
            INSERT INTO wix_token_claims (instance_id, owner, expires_at) VALUES (@instanceId, @owner, @claimUntil)
            """,
            new { instanceId, now, expiresAt = now.AddHours(1), refreshAt = now.AddMinutes(55), owner = Guid.NewGuid(), claimUntil = now.AddSeconds(10) });
    }

    private async Task InsertQuarantinedAsync(string instanceId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO wix_quarantined_refresh_tokens (instance_id, refresh_token_ciphertext, error_code, quarantined_at) VALUES (@instanceId, 'ciphertext', 'invalid_grant', @now)",
            new { instanceId, now = _time.GetUtcNow() });
    }

    private async Task InsertEventAsync(string eventId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO wix_webhook_events (event_id, event_type, instance_id, received_at) VALUES (@eventId, 'AppInstalled', @instance, @now)",
            new { eventId, instance = Instance, now = _time.GetUtcNow() });
    }

    private async Task InsertNotificationAsync(string webhookId, int attempts)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO wix_notification_outbox (webhook_id, event_type, instance_id, body, created_at, attempts, next_attempt_at) VALUES (@webhookId, 'installation.installed', @instance, '{}', @now, @attempts, @now)",
            new { webhookId, instance = Instance, now = _time.GetUtcNow(), attempts });
    }
}
