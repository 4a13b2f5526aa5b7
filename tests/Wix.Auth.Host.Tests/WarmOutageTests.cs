using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>A server whose status cache expires every 200 ms.</summary>
public class OutageServerFixture : ServerFixture
{
    protected virtual string StaleIfError => "00:10:00";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("WixAuth:InstallationCacheDuration", "00:00:00.200"),
        new("WixAuth:InstallationStaleIfError", StaleIfError),
    ];
}

/// <summary>The same server, serving a stale status for one second only.</summary>
public sealed class ShortStaleServerFixture : OutageServerFixture
{
    protected override string StaleIfError => "00:00:01";
}

/// <summary>
/// Issue #11 item 1 (checklist FI-7 for the token API): the database goes away while instances are warm (their tokens in
/// memory). Their calls keep succeeding from memory, the outage is logged once and counted, and calls succeed again once
/// the database is back. The stale status is bounded.
/// </summary>
public sealed class WarmOutageTests(OutageServerFixture fixture) : IClassFixture<OutageServerFixture>
{
    private const int Instances = 5;

    [Fact]
    public async Task Warm_instances_are_served_from_memory_through_a_database_outage_logged_once_and_counted()
    {
        var instances = new List<string>();
        using var client = fixture.CreateClient(withApiKey: true);
        for (var i = 0; i < Instances; i++)
        {
            var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
            using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId)))
            {
                Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(client, instanceId));
            instances.Add(instanceId);
        }

        using var counters = new HostCounters(fixture.Services);
        var served = 0;
        var failed = new List<HttpStatusCode>();
        await fixture.Database.TakeOfflineAsync();
        try
        {
            // Three seconds: fifteen times the status cache's life, so every status is read again (and fails) many times.
            var until = DateTimeOffset.UtcNow.AddSeconds(3);
            while (DateTimeOffset.UtcNow < until)
            {
                foreach (var instanceId in instances)
                {
                    var status = await TokenStatusAsync(client, instanceId);
                    if (status == HttpStatusCode.OK)
                    {
                        served++;
                    }
                    else
                    {
                        failed.Add(status);
                    }
                }

                await Task.Delay(50);
            }
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }

        Assert.Empty(failed);
        Assert.True(served > Instances * 10, $"only {served} calls were made during the outage");
        Assert.Single(fixture.Logs.Lines, l => l.Contains("[5050]", StringComparison.Ordinal));
        Assert.True(counters.Sum("wix_auth.installation_status.stale") > 0);
        Assert.Equal(1, counters.Sum("wix_auth.store.outages"));

        // After the outage: the status is read from the database again within seconds (the end is logged), and a
        // removal recorded meanwhile by another process is seen.
        await fixture.Database.ScalarAsync<int>("UPDATE wix_installations SET status = 'removed' WHERE instance_id = @id", ("id", instances[0]));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (DateTimeOffset.UtcNow < deadline && await TokenStatusAsync(client, instances[0]) != HttpStatusCode.NotFound)
        {
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.NotFound, await TokenStatusAsync(client, instances[0]));
        foreach (var instanceId in instances.Skip(1))
        {
            Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(client, instanceId));
        }

        Assert.Single(fixture.Logs.Lines, l => l.Contains("[5051]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_status_cache_is_bounded_like_the_token_cache()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Wix.Auth.Host.Options.WixAuthHostOptions { InstallationCacheSize = 10 });
        var cache = new Wix.Auth.Host.Instances.InstallationStatusCache(
            fixture.Services.GetRequiredService<Wix.Auth.Advanced.IWixInstallationStore>(),
            TimeProvider.System,
            fixture.Services.GetRequiredService<Wix.Auth.Host.Instances.StoreOutage>(),
            fixture.Services.GetRequiredService<Wix.Auth.Host.Telemetry.HostMetrics>(),
            options);
        var known = fixture.Simulator.Control.CreateInstalledInstance();
        for (var i = 0; i < 50; i++)
        {
            Assert.False(await cache.IsInstalledAsync("unknown-" + i, CancellationToken.None));
            Assert.InRange(cache.Count, 1, 10);
        }

        Assert.False(await cache.IsInstalledAsync(known, CancellationToken.None));
        Assert.InRange(cache.Count, 1, 10);
    }

    private async Task<HttpStatusCode> TokenStatusAsync(HttpClient client, string instanceId)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }
}

/// <summary>The stale status is served no longer than <c>WixAuth:InstallationStaleIfError</c> after its last read.</summary>
public sealed class ShortStaleOutageTests(ShortStaleServerFixture fixture) : IClassFixture<ShortStaleServerFixture>
{
    [Fact]
    public async Task Past_the_stale_bound_a_warm_instance_gets_503_and_works_again_after_the_outage()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        using var client = fixture.CreateClient(withApiKey: true);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, instanceId));

        HttpStatusCode late;
        await fixture.Database.TakeOfflineAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1.6));
            late = await StatusAsync(client, instanceId);
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, late);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        var after = HttpStatusCode.ServiceUnavailable;
        while (DateTimeOffset.UtcNow < deadline && (after = await StatusAsync(client, instanceId)) != HttpStatusCode.OK)
        {
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, after);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string instanceId)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        return response.StatusCode;
    }
}
