using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Issue #11 item 1, the cause of the failed calls in benchmark L1: when the database is down, callers of one warm
/// instance that arrive while its status read is in flight share that read, and when it fails they must get the stale
/// status too, not a 503. In L1 the workers run one instance apart, so they often ask for the same instance at once.
/// </summary>
public sealed class ConcurrentOutageTests(OutageServerFixture fixture) : IClassFixture<OutageServerFixture>
{
    private const int Callers = 16;
    private const int Rounds = 4;

    [Fact]
    public async Task Concurrent_callers_sharing_a_failed_status_read_are_all_served_the_stale_status()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        using var client = fixture.CreateClient(withApiKey: true);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(client, instanceId));

        var statuses = new List<HttpStatusCode>();
        await fixture.Database.TakeOfflineAsync();
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                // Past the status cache's life (200 ms) and the outage retry interval (1 s): the next caller reads the
                // database again, and the others arrive while that read is in flight.
                await Task.Delay(TimeSpan.FromSeconds(1.2));
                statuses.AddRange(await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => TokenStatusAsync(client, instanceId))));
            }
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }

        Assert.Equal(Callers * Rounds, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    private async Task<HttpStatusCode> TokenStatusAsync(HttpClient client, string instanceId)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }
}
