using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// A server with a pool of 4 (taken from <c>WixAuth:Postgres:MaxPoolSize</c>: the connection string names none) and a
/// status cache that trusts a read for 30 s. The HTTP timeouts to Wix are the defaults (10 s an attempt): these tests
/// make Wix answer in 600 ms, and a cold first request on a loaded 2-core CI machine can take a second more than that,
/// which a 1-s attempt timeout turned into a 503. The lock timeout has a fixture of its own (<see cref="RefreshLockTimeoutTests"/>).
/// </summary>
public sealed class BudgetServerFixture : ServerFixture
{
    public const int PoolSize = 4;
    public const string ApplicationName = "wixauth-host";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings
    {
        get
        {
            // Named, so the test can tell the host's sessions from its own.
            var withoutPoolSize = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { ApplicationName = ApplicationName };
            withoutPoolSize.Remove("Maximum Pool Size");
            return
            [
                new("ConnectionStrings:WixAuth", withoutPoolSize.ConnectionString),
                new("WixAuth:Postgres:MaxPoolSize", PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("WixAuth:InstallationCacheDuration", "00:00:30"),
            ];
        }
    }
}

/// <summary>
/// Issue #11 item 2 (checklist FI-12): a client-credentials token request opens no transaction and holds no connection
/// while Wix answers; only an installation with a refresh token takes the refresh lease. The pool is bounded, a full pool
/// is waited for, and a removal seen late is 404, never 500 (a lock not granted in time: <see cref="RefreshLockTimeoutTests"/>).
/// </summary>
public sealed class ConnectionBudgetTests(BudgetServerFixture fixture) : IClassFixture<BudgetServerFixture>
{
    [Fact]
    public async Task A_client_credentials_token_holds_no_transaction_lock_or_connection_while_wix_answers_a_refresh_token_takes_the_lease()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var ccInstance = await InstalledByWebhookAsync();
        using var client = fixture.CreateClient(withApiKey: true);

        // Positive control: the refresh of an installation with a refresh token holds the lease while Wix answers.
        var refreshing = await DuringWixAnswerAsync(client, install.InstanceId);
        Assert.Equal((1L, 1L), (refreshing.IdleInTransaction, refreshing.AdvisoryLocks));
        Assert.True(refreshing.TransactionsLogged > 0, "the refresh-token path should have started a transaction");

        var clientCredentials = await DuringWixAnswerAsync(client, ccInstance);
        Assert.Equal(0L, clientCredentials.IdleInTransaction);
        Assert.Equal(0L, clientCredentials.AdvisoryLocks);
        Assert.Equal(0L, clientCredentials.Connections);
        Assert.Equal(0, clientCredentials.TransactionsLogged);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    [Fact]
    public async Task Forty_eight_calls_in_flight_stay_within_the_pool_and_none_fails()
    {
        var instances = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            instances.Add(await InstalledByWebhookAsync());
        }

        using var client = fixture.CreateClient(withApiKey: true);
        var peak = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, await OurConnectionsAsync());
                await Task.Delay(10);
            }
        });

        fixture.Simulator.Control.Latency = TimeSpan.FromMilliseconds(150);
        HttpStatusCode[] statuses;
        try
        {
            using var gate = new SemaphoreSlim(48);
            statuses = await Task.WhenAll(instances.Concat(instances).Select(async instanceId =>
            {
                await gate.WaitAsync();
                try
                {
                    using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
                    return response.StatusCode;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        finally
        {
            fixture.Simulator.Control.Latency = TimeSpan.Zero;
            await sampling.CancelAsync();
            await sampler;
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.InRange(peak, 1, BudgetServerFixture.PoolSize);
    }

    [Fact]
    public async Task A_removal_seen_first_by_the_strategy_is_404_not_500()
    {
        var instanceId = await InstalledByWebhookAsync();
        using var client = fixture.CreateClient(withApiKey: true);
        using (var first = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Another process recorded the removal; this one still trusts its status read (30 s) but not its token.
        await fixture.Database.ScalarAsync<int>("UPDATE wix_installations SET status = 'removed' WHERE instance_id = @id", ("id", instanceId));
        fixture.Services.GetRequiredService<IWixTokenManager>().Invalidate(instanceId);

        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> InstalledByWebhookAsync()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId));
        Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        return instanceId;
    }

    /// <summary>What the database shows for our sessions while Wix takes 600 ms to answer a token request.</summary>
    private async Task<(long IdleInTransaction, long AdvisoryLocks, long Connections, int TransactionsLogged)> DuringWixAnswerAsync(HttpClient client, string instanceId)
    {
        fixture.Services.GetRequiredService<IWixTokenManager>().Invalidate(instanceId);
        var logsBefore = fixture.Logs.Lines.Count;
        fixture.Simulator.Control.Latency = TimeSpan.FromMilliseconds(600);
        try
        {
            var call = client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
            await Task.Delay(300);
            var idle = await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()");
            var locks = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            var connections = await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND application_name = @name", ("name", BudgetServerFixture.ApplicationName));
            using var response = await call;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
            var transactions = fixture.Logs.Lines.Skip(logsBefore).Count(l => l.Contains(" Npgsql.Transaction[", StringComparison.Ordinal));
            return (idle, locks, connections, transactions);
        }
        finally
        {
            fixture.Simulator.Control.Latency = TimeSpan.Zero;
        }
    }

    /// <summary>Sessions of the host's pool, idle ones included.</summary>
    private async Task<long> OurConnectionsAsync() =>
        await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", ("name", BudgetServerFixture.ApplicationName));
}
