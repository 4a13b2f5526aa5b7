using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.PostgreSql;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// Issue 14: every call of the shared token cache that does not reach the database is a miss (never an error) and is
/// counted in <c>wix_auth.token_cache.shared_failures</c> by operation and reason. A pool wait past the timeout is the
/// host's own load and skips nothing; a database that refused the call makes the cache step aside for
/// <c>RetryAfterFailure</c>, and each call skipped meanwhile is counted too.
/// </summary>
public sealed class SharedTokenCacheFailureTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private AdvancedApp _app = null!;
    private MetricCollector<long> _failures = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _app = await AdvancedApp.StartAsync(
            fixture.Simulator,
            new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString,
            configureServices: services => services.PostConfigure<WixPostgresStoreOptions>(o =>
            {
                o.SharedTokenCache.Enabled = true;
                o.SharedTokenCache.Timeout = TimeSpan.FromMilliseconds(100);
            }));
        _failures = new MetricCollector<long>(_app.Services.GetRequiredService<IMeterFactory>(), "Wix.Auth", "wix_auth.token_cache.shared_failures");
    }

    public async Task DisposeAsync()
    {
        _failures.Dispose();
        await _app.DisposeAsync();
        await fixture.Database.BringOnlineAsync();
    }

    private IWixSharedTokenCache Cache => _app.Services.GetRequiredService<IWixSharedTokenCache>();

    [Fact]
    public async Task A_wait_for_a_pooled_connection_past_the_timeout_is_counted_as_a_pool_timeout_and_skips_nothing()
    {
        var instanceId = await PublishAsync();

        await using (var held = await _app.Services.GetRequiredService<WixPostgresDataSource>().DataSource.OpenConnectionAsync())
        {
            // The host's only pooled connection is busy.
            Assert.Null(await Cache.GetAsync(instanceId, CancellationToken.None));
        }

        Assert.Equal([("get", "pool_timeout")], Failures());
        Assert.Equal("at-shared", (await Cache.GetAsync(instanceId, CancellationToken.None))?.Token.AccessToken);
        Assert.Equal([("get", "pool_timeout")], Failures());
    }

    [Fact]
    public async Task A_database_that_refuses_the_call_is_counted_and_left_alone_until_RetryAfterFailure_has_passed()
    {
        var instanceId = await PublishAsync();
        await fixture.Database.TakeOfflineAsync();

        Assert.Null(await Cache.GetAsync(instanceId, CancellationToken.None));
        Assert.True(await Cache.TryClaimAsync(instanceId, CancellationToken.None));
        await fixture.Database.BringOnlineAsync();
        Assert.Null(await Cache.GetAsync(instanceId, CancellationToken.None));

        Assert.Equal([("get", "unavailable"), ("claim", "skipped"), ("get", "skipped")], Failures());
        _app.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("at-shared", (await Cache.GetAsync(instanceId, CancellationToken.None))?.Token.AccessToken);
        Assert.Equal(3, Failures().Length);
    }

    private (string Operation, string Reason)[] Failures() =>
        [.. _failures.GetMeasurementSnapshot().Select(m => ((string)m.Tags["operation"]!, (string)m.Tags["reason"]!))];

    private async Task<string> PublishAsync()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        await _app.Store.RecordInstalledAsync(instanceId, CancellationToken.None);
        var generation = (await _app.Store.FindAsync(instanceId, CancellationToken.None))!.Generation;
        var now = _app.Time.GetUtcNow();
        var token = new WixAccessToken(instanceId, "at-shared", now.AddHours(4), WixAuthStrategyNames.ClientCredentials) { Generation = generation };
        await Cache.SetAsync(new WixSharedToken(token, now.AddHours(3)), CancellationToken.None);
        return instanceId;
    }
}
