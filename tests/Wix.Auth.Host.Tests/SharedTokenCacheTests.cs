using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// The shared second-level token cache (issue 14): two server processes on one database ask Wix once for a cold
/// instance both want at once (claim row, the loser polls), keep the token encrypted in the table, and after the
/// token is dropped from one process's memory it comes from the table, not from Wix.
/// </summary>
public sealed class SharedTokenCacheTests : IAsyncLifetime
{
    private Cluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await Cluster.StartAsync(2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_cold_instance_wanted_by_both_processes_at_once_costs_one_request_to_Wix()
    {
        var instanceId = _cluster.Simulator.Control.CreateInstalledInstance();
        Assert.Equal(HttpStatusCode.OK, await _cluster.WebhookAsync(0, "AppInstalled", instanceId, DateTimeOffset.UtcNow.AddSeconds(-5)));
        // Wix answers slowly, so the second process asks while the first one's request is still in flight.
        _cluster.Simulator.Control.Latency = TimeSpan.FromMilliseconds(300);
        var before = _cluster.Simulator.Control.Counters.ClientCredentials;

        var calls = Enumerable.Range(0, 8).SelectMany(_ => new[] { _cluster.TokenAsync(0, instanceId), _cluster.TokenAsync(1, instanceId) });
        var answers = await Task.WhenAll(calls);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers.Select(a => a.AccessToken).Distinct());
        Assert.Equal(1, _cluster.Simulator.Control.Counters.ClientCredentials - before);

        // At rest in the table only as Data Protection ciphertext, under the installation's generation.
        var ciphertext = await _cluster.Database.ScalarAsync<string>(
            "SELECT token_ciphertext FROM wix_shared_tokens WHERE instance_id = @id", ("id", instanceId));
        Assert.False(string.IsNullOrEmpty(ciphertext));
        Assert.DoesNotContain(answers[0].AccessToken!, ciphertext, StringComparison.Ordinal);
        Assert.Equal(
            await _cluster.Database.ScalarAsync<long>("SELECT generation FROM wix_installations WHERE instance_id = @id", ("id", instanceId)),
            await _cluster.Database.ScalarAsync<long>("SELECT generation FROM wix_shared_tokens WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal(0L, await _cluster.Database.ScalarAsync<long>("SELECT count(*) FROM wix_token_claims WHERE instance_id = @id", ("id", instanceId)));
    }

    [Fact]
    public async Task A_removal_deletes_the_shared_token_in_the_same_transaction()
    {
        var instanceId = _cluster.Simulator.Control.CreateInstalledInstance();
        Assert.Equal(HttpStatusCode.OK, await _cluster.WebhookAsync(0, "AppInstalled", instanceId, DateTimeOffset.UtcNow.AddSeconds(-5)));
        Assert.Equal(HttpStatusCode.OK, (await _cluster.TokenAsync(0, instanceId)).Status);
        Assert.Equal(1L, await _cluster.Database.ScalarAsync<long>("SELECT count(*) FROM wix_shared_tokens WHERE instance_id = @id", ("id", instanceId)));

        Assert.Equal(HttpStatusCode.OK, await _cluster.WebhookAsync(1, "AppRemoved", instanceId, DateTimeOffset.UtcNow));

        Assert.Equal(0L, await _cluster.Database.ScalarAsync<long>("SELECT count(*) FROM wix_shared_tokens WHERE instance_id = @id", ("id", instanceId)));
    }
}
