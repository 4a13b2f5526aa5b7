using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Issue #11 item 1: a webhook that changes nothing (Wix re-delivering one already recorded) must not throw away the
/// status a warm instance would be served from when the database goes away just after. Seen while writing the
/// slow-database test: the simulator's re-delivery of AppInstalled left a warm instance with 503s.
/// </summary>
public sealed class RedeliveryBeforeOutageTests(OutageServerFixture fixture) : IClassFixture<OutageServerFixture>
{
    [Fact]
    public async Task A_redelivered_webhook_just_before_an_outage_leaves_the_warm_instance_served()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var installed = WebhookPosts.Installed(fixture, instanceId);
        using (var first = await WebhookPosts.PostAsync(fixture, installed))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var client = fixture.CreateClient(withApiKey: true);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(client, instanceId));

        // Wix re-delivers the same event (its answer to the first delivery was lost): recorded before, nothing changes.
        using (var redelivered = await WebhookPosts.PostAsync(fixture, installed))
        {
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        HttpStatusCode during;
        await fixture.Database.TakeOfflineAsync();
        try
        {
            during = await TokenStatusAsync(client, instanceId);
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }

        Assert.Equal(HttpStatusCode.OK, during);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("[5000]", StringComparison.Ordinal) && l.Contains("(Duplicate)", StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> TokenStatusAsync(HttpClient client, string instanceId)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }
}
