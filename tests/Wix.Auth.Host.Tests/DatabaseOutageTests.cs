using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// PostgreSQL unavailable (checklist FI-7): the database refuses connections and its sessions are terminated. A webhook
/// is never acknowledged with 200 while it cannot be recorded; Wix's re-delivery after recovery is recorded once.
/// </summary>
public sealed class DatabaseOutageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task While_the_database_is_down_webhooks_get_5xx_and_the_redelivery_after_recovery_is_recorded_once()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var body = WebhookPosts.Installed(fixture, instanceId);

        await fixture.Database.TakeOfflineAsync();
        HttpStatusCode whileDown, ready;
        try
        {
            using var response = await WebhookPosts.PostAsync(fixture, body);
            whileDown = response.StatusCode;
            using var client = fixture.CreateClient();
            using var readiness = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            ready = readiness.StatusCode;
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }

        Assert.True((int)whileDown >= 500, $"expected 5xx while the database is down, got {(int)whileDown}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);

        // Wix re-delivers the same body; the pool may first hand out a connection the outage broke.
        HttpStatusCode afterRecovery = default;
        for (var attempt = 0; attempt < 5 && afterRecovery != HttpStatusCode.OK; attempt++)
        {
            using var redelivery = await WebhookPosts.PostAsync(fixture, body);
            afterRecovery = redelivery.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, afterRecovery);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_webhook_events WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal("installed", await fixture.Database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
    }

    [Fact]
    public async Task While_the_database_is_down_the_token_API_answers_503_not_500()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        // The token API has not looked this instance up yet, so nothing is cached: it has to ask the database.
        await fixture.Database.TakeOfflineAsync();
        HttpStatusCode status;
        try
        {
            using var client = fixture.CreateClient(withApiKey: true);
            using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
            status = response.StatusCode;
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }
}
