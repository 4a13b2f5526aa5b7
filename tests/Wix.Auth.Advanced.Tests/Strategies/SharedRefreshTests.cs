using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Advanced.Tests.Strategies;

/// <summary>
/// Issue 14: a cluster refreshes a refresh-token installation once per token life, not once per process, also when the
/// processes' pools are exhausted. Three "servers" (separate service providers, each with its own pool of two
/// connections and token manager) share the database, the shared token cache and the simulator, which rotates strictly.
/// With a pool that small and Wix answering in 200 ms, the shared cache's own lookups time out while leases hold the
/// connections; only the lease's own read of the shared token (on its connection, inside its transaction, after the
/// previous holder wrote it there before releasing the lock) keeps the second and third process from refreshing again.
/// </summary>
public sealed class SharedRefreshTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private const int Processes = 3;
    private const int Instances = 8;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        fixture.Simulator.Control.Latency = TimeSpan.Zero;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Processes_with_exhausted_pools_asking_for_cold_refresh_token_instances_at_once_refresh_each_once()
    {
        var control = fixture.Simulator.Control;
        var instances = Enumerable.Range(0, Instances).Select(_ => control.CreateInstalledInstance()).ToArray();
        foreach (var instanceId in instances)
        {
            await fixture.App.Store.SaveRefreshTokenAsync(instanceId, control.IssueRefreshToken(instanceId), CancellationToken.None);
        }

        control.RotateRefreshTokens = true;
        control.Latency = TimeSpan.FromMilliseconds(200);
        var servers = new List<AdvancedApp>();
        var failures = new List<MetricCollector<long>>();
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                var server = await StartSharingAsync();
                servers.Add(server);
                failures.Add(new MetricCollector<long>(server.Services.GetRequiredService<IMeterFactory>(), "Wix.Auth", "wix_auth.token_cache.shared_failures"));
            }

            control.Counters.Reset();
            var tokens = await Task.WhenAll(servers.SelectMany(s => instances.Select(id => s.Tokens.GetAccessTokenAsync(id, CancellationToken.None).AsTask())));

            Assert.All(tokens, t => Assert.Equal(WixAuthStrategyNames.RefreshToken, t.Strategy));
            Assert.Equal(0, control.Counters.ClientCredentials);
            Assert.Equal(0, control.Counters.FailedTokenRequests);
            Assert.Equal(Instances, control.Counters.RefreshToken);
            Assert.All(instances, id => Assert.Single(tokens.Where(t => t.InstanceId == id).Select(t => t.AccessToken).Distinct()));

            // The condition under test held: the shared cache's lookups on the pool did time out.
            Assert.Contains(failures.SelectMany(f => f.GetMeasurementSnapshot()), m => Equals(m.Tags["reason"], "pool_timeout"));
        }
        finally
        {
            foreach (var collector in failures)
            {
                collector.Dispose();
            }

            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private Task<AdvancedApp> StartSharingAsync() => AdvancedApp.StartAsync(
        fixture.Simulator,
        // Two pooled connections per server (set in the connection string, which wins over WixAuth:Postgres:MaxPoolSize).
        new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { MaxPoolSize = 2 }.ConnectionString,
        configureServices: services =>
        {
            // The shared cache's claims, polls and timeouts run on the real clock (the app's default one is frozen).
            services.AddSingleton(TimeProvider.System);
            services.PostConfigure<WixPostgresStoreOptions>(o =>
            {
                o.SharedTokenCache.Enabled = true;
                o.SharedTokenCache.Timeout = TimeSpan.FromMilliseconds(20);
            });
        });
}
