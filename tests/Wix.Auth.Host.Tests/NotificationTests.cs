using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Tests;

/// <summary>A host whose notifications go to a loopback receiver that starts with an outage.</summary>
public sealed class NotificationServerFixture : ServerFixture, IAsyncLifetime
{
    internal NotificationReceiver Receiver { get; private set; } = null!;

    internal byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => NotificationSettings();

    internal Dictionary<string, string?> NotificationSettings() => new()
    {
        ["WixAuth:Notifications:Url"] = Receiver.Url.ToString(),
        ["WixAuth:Notifications:Secret"] = "whsec_" + Convert.ToBase64String(Key),
        ["WixAuth:Notifications:PollInterval"] = "00:00:00.100",
        ["WixAuth:Notifications:FirstRetryDelay"] = "00:00:00.200",
        ["WixAuth:Notifications:MaxRetryDelay"] = "00:00:01",
        ["WixAuth:Notifications:BatchSize"] = "2",
    };

    public new async Task InitializeAsync()
    {
        Receiver = await NotificationReceiver.StartAsync(refuseFirst: 0);
        Secrets.Add("whsec_" + Convert.ToBase64String(Key));
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>Outbound notifications: every installation change reaches the app, signed, once per ID, through an outage.</summary>
public sealed class NotificationTests(NotificationServerFixture fixture) : IClassFixture<NotificationServerFixture>
{
    [Fact]
    public async Task A_receiver_that_refuses_the_first_deliveries_still_gets_every_event_signed_with_stable_ids()
    {
        fixture.Receiver.RefuseNext(4);
        var first = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, first.FinalStatus);
        fixture.Simulator.Control.Uninstall(first.InstanceId);
        await fixture.Simulator.Control.WaitForWebhookAsync("AppRemoved", first.InstanceId, TimeSpan.FromSeconds(30));
        // A legacy event's ID is a hash of its signed body, which has one-second times: a reinstall within the second
        // of the first install would repeat that AppInstalled byte for byte and be taken for its re-delivery.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        fixture.Simulator.Control.Reinstall(first.InstanceId);
        // (The first install's AppInstalled is in the simulator's list already: wait for the database instead.)
        for (var i = 0; i < 300 && await fixture.Database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", first.InstanceId)) != "installed"; i++)
        {
            await Task.Delay(100);
        }
        using var client = fixture.CreateClient(withApiKey: true);
        using (var token = await client.PostAsync(new Uri($"/api/v1/instances/{first.InstanceId}/token", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, token.StatusCode); // no refresh token since the removal: client credentials
        }

        Assert.Equal(HttpStatusCode.OK, (await InstallFlow.InstallAsync(fixture, first.InstanceId)).FinalStatus); // handshake again
        var second = await InstallFlow.InstallAsync(fixture);
        var migration = await fixture.Services.GetRequiredService<WixClientCredentialsMigrator>()
            .MigrateAsync(new WixMigrationOptions { InstanceId = second.InstanceId }, null, CancellationToken.None);
        Assert.Equal(1, migration.Migrated);

        var expected = new Dictionary<string, string[]>
        {
            [first.InstanceId] = ["installation.installed", "installation.removed", "installation.installed", "installation.fallback", "installation.refresh_restored"],
            [second.InstanceId] = ["installation.installed", "installation.migrated"],
        };
        var outbox = await WaitUntilDeliveredAsync(expected.Keys.ToArray(), expected.Values.Sum(v => v.Length));

        foreach (var (instanceId, types) in expected)
        {
            Assert.Equal(types, outbox.Where(o => o.InstanceId == instanceId).Select(o => o.EventType).ToArray());
        }

        var deliveries = fixture.Receiver.Deliveries;
        Assert.Equal(4, deliveries.Count(d => d.Status == 503));
        foreach (var delivery in deliveries)
        {
            // Verified here by hand, not with the library's own verifier: Standard Webhooks' v1 scheme.
            var expectedSignature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(fixture.Key, Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}")));
            Assert.Equal(expectedSignature, delivery.Signature);
            Assert.InRange(long.Parse(delivery.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
            Assert.StartsWith("msg_", delivery.Id, StringComparison.Ordinal);
        }

        // Each event: one webhook-id and one body, whatever the attempt; every refused one was delivered later.
        var acknowledged = deliveries.Where(d => d.Status == 204).GroupBy(d => d.Id!).ToDictionary(g => g.Key, g => g.First().Body, StringComparer.Ordinal);
        foreach (var refused in deliveries.Where(d => d.Status == 503))
        {
            Assert.Equal(refused.Body, acknowledged[refused.Id!]);
        }

        foreach (var row in outbox)
        {
            Assert.Equal(row.Body, acknowledged[row.WebhookId]);
            using var json = JsonDocument.Parse(row.Body);
            Assert.Equal(row.EventType, json.RootElement.GetProperty("type").GetString());
            Assert.True(DateTimeOffset.TryParse(json.RootElement.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Equal(row.InstanceId, json.RootElement.GetProperty("data").GetProperty("instance_id").GetString());
            Assert.DoesNotContain("token\":\"", row.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Simulator.Control.AppSecret, row.Body, StringComparison.Ordinal);
        }

        using var fallback = JsonDocument.Parse(outbox.Single(o => o.EventType == "installation.fallback").Body);
        Assert.Equal("missing", fallback.RootElement.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(1, fixture.Receiver.MaxInFlightPerId);

        using var operatorView = await client.GetAsync(new Uri("/operator/installations", UriKind.Relative));
        Assert.Contains("0 pending, 0 failed", await operatorView.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_webhooks_are_recorded_on_the_installation_in_event_order_and_notified()
    {
        var site = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, site.FinalStatus);
        var control = fixture.Simulator.Control;
        var now = DateTimeOffset.UtcNow;
        var purchased = control.CreateWebhookJwt("PaidPlanPurchased", site.InstanceId,
            """{"operationTimeStamp":"2026-12-01T10:00:00Z","vendorProductId":"pro","cycle":"YEARLY","expiresOn":"2027-12-01T10:00:00Z"}""", now.AddMinutes(-3));
        var cancelled = control.CreateWebhookJwt("PaidPlanAutoRenewalCancelled", site.InstanceId,
            """{"operationTimeStamp":"2026-12-01T11:00:00Z","vendorProductId":"pro","cycle":"YEARLY","cancelReason":"USER_ACTION"}""", now.AddMinutes(-1));
        var olderChange = control.CreateWebhookJwt("PaidPlanChanged", site.InstanceId,
            """{"vendorProductId":"basic","cycle":"MONTHLY","previousVendorProductId":"free"}""", now.AddMinutes(-2));

        Assert.Equal(HttpStatusCode.OK, (await WebhookPosts.PostAsync(fixture, purchased)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WebhookPosts.PostAsync(fixture, cancelled)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WebhookPosts.PostAsync(fixture, cancelled)).StatusCode); // re-delivery
        Assert.Equal(HttpStatusCode.OK, (await WebhookPosts.PostAsync(fixture, olderChange)).StatusCode); // late, older

        using var client = fixture.CreateClient(withApiKey: true);
        using var status = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/v1/instances/{site.InstanceId}", UriKind.Relative)));
        var plan = status.RootElement.GetProperty("plan");
        Assert.Equal("pro", plan.GetProperty("vendor_product_id").GetString());
        Assert.Equal("YEARLY", plan.GetProperty("cycle").GetString());
        Assert.False(plan.GetProperty("auto_renew").GetBoolean());
        Assert.Equal(new DateTimeOffset(2027, 12, 1, 10, 0, 0, TimeSpan.Zero), plan.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Equal("PaidPlanAutoRenewalCancelled", plan.GetProperty("event").GetString());

        var outbox = await WaitUntilDeliveredAsync([site.InstanceId], 3);
        var planEvents = outbox.Where(o => o.EventType == "installation.plan_changed").ToList();
        Assert.Equal(2, planEvents.Count);
        using var last = JsonDocument.Parse(planEvents[^1].Body);
        var data = last.RootElement.GetProperty("data");
        Assert.Equal("PaidPlanAutoRenewalCancelled", data.GetProperty("event").GetString());
        Assert.Equal("pro", data.GetProperty("vendor_product_id").GetString());
        Assert.False(data.GetProperty("auto_renew").GetBoolean());
    }

    [Fact]
    public async Task Two_processes_on_one_outbox_never_send_one_event_at_the_same_time_and_send_each_once()
    {
        var settings = fixture.Settings();
        foreach (var (key, value) in fixture.NotificationSettings())
        {
            settings[key] = value;
        }

        // A second server process on the same database: two dispatchers compete for the same due events.
        await using var second = await HostProcess.StartAsync(settings, FreePort.Next());
        fixture.Receiver.Hold = TimeSpan.FromMilliseconds(150);
        try
        {
            var ids = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid().ToString()).ToArray();
            var csv = "instance_id\n" + string.Join('\n', ids) + "\n";
            await using (var import = await HostProcess.StartWithInputAsync(fixture.Settings(), FreePort.Next(), csv, "import-installations", "-"))
            {
                Assert.Equal(0, await import.WaitForExitAsync(TimeSpan.FromSeconds(120)));
            }

            var outbox = await WaitUntilDeliveredAsync(ids, ids.Length);
            Assert.Equal(ids.Length, outbox.Count);
            Assert.All(outbox, o => Assert.Equal("installation.installed", o.EventType));
            Assert.Contains("\"source\": \"import\"", outbox[0].Body, StringComparison.Ordinal);
            var sent = fixture.Receiver.Deliveries.Where(d => outbox.Any(o => o.WebhookId == d.Id)).ToList();
            Assert.Equal(ids.Length, sent.Count); // each exactly once: no refusals, and never picked by both processes
            Assert.Equal(1, fixture.Receiver.MaxInFlightPerId);
        }
        finally
        {
            fixture.Receiver.Hold = TimeSpan.Zero;
        }
    }

    private sealed record OutboxRow(string WebhookId, string EventType, string InstanceId, string Body);

    private async Task<List<OutboxRow>> WaitUntilDeliveredAsync(string[] instanceIds, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var undelivered = await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM wix_notification_outbox WHERE instance_id = ANY(@ids) AND delivered_at IS NULL", ("ids", instanceIds));
            var total = await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM wix_notification_outbox WHERE instance_id = ANY(@ids)", ("ids", instanceIds));
            if ((undelivered == 0 && total >= count) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100);
        }

        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT webhook_id, event_type, instance_id, body, delivered_at IS NOT NULL FROM wix_notification_outbox WHERE instance_id = ANY(@ids) ORDER BY id", connection);
        command.Parameters.AddWithValue("ids", instanceIds);
        var rows = new List<OutboxRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Assert.True(reader.GetBoolean(4), $"{reader.GetString(1)} of {reader.GetString(2)} was never delivered");
            rows.Add(new OutboxRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    }
}
