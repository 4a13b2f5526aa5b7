using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// A server whose statements are cut off after 3 s (<c>statement_timeout</c>), with Wix timeouts and the refresh lock
/// timeout below that as start-up validation demands, a status cache that expires every 200 ms, and no shared token cache.
/// </summary>
public sealed class SlowDatabaseServerFixture : ServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Wix:HttpAttemptTimeout", "00:00:02"),
        new("Wix:HttpTotalTimeout", "00:00:02"),
        new("WixAuth:Postgres:RefreshLockTimeout", "00:00:02.500"),
        new("WixAuth:Postgres:StatementTimeout", "00:00:03"),
        new("WixAuth:Postgres:IdleInTransactionSessionTimeout", "00:00:03"),
        new("WixAuth:InstallationCacheDuration", "00:00:00.200"),

        // Off: these tests prove a refresh token live by refreshing with it, which a token shared by the second level would skip.
        new("WixAuth:Postgres:SharedTokenCache:Enabled", "false"),
    ];
}

/// <summary>
/// Checklist FI-12, slow database: PostgreSQL takes longer to answer than our sessions allow (another session holds a
/// lock on the installations, as a long migration or a stuck maintenance job would). Every call gets a bounded answer:
/// a warm instance is served from memory, one that needs the database gets 503 with Retry-After, never a 500 or a hang.
/// Nothing is lost: after the database recovers every installation is there, each refresh token is the one Wix
/// considers valid (refresh tokens rotate strictly here), and no lock or transaction is left behind.
/// </summary>
public sealed class SlowDatabaseTests(SlowDatabaseServerFixture fixture) : IClassFixture<SlowDatabaseServerFixture>
{
    /// <summary>Far above every bound a call should meet (statement timeout 3 s): a call that needs it hangs.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task A_database_too_slow_to_read_gets_warm_calls_served_the_others_503_and_loses_nothing()
    {
        var warm = await WarmInstallAsync();
        var cold = await WarmInstallAsync();
        fixture.Simulator.Control.RotateRefreshTokens = true;
        var tokens = fixture.Services.GetRequiredService<IWixTokenManager>();
        using var client = CreateClient();
        var answers = new List<(string Call, HttpStatusCode Status, bool RetryAfter)>();
        try
        {
            // Every statement on the installations waits for this lock until our statement timeout ends it.
            await using (await LockInstallationsAsync("ACCESS EXCLUSIVE"))
            {
                await Task.Delay(300);
                answers.Add(await CallAsync(client, "warm", warm));
                tokens.Invalidate(cold);
                answers.Add(await CallAsync(client, "cold", cold));
                answers.Add(await CallAsync(client, "warm again", warm));
            }

            Assert.Contains(answers, a => a is { Call: "warm", Status: HttpStatusCode.OK });
            Assert.All(answers, a => Assert.True(
                a.Status == HttpStatusCode.OK || (a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter),
                $"{a.Call}: {(int)a.Status} (expected 200, or 503 with Retry-After)"));

            await AssertNothingLostAsync(client, tokens, warm, cold);
        }
        finally
        {
            fixture.Simulator.Control.RotateRefreshTokens = false;
        }
    }

    [Fact]
    public async Task A_refresh_whose_write_times_out_after_wix_rotated_the_refresh_token_keeps_the_new_one()
    {
        var instanceId = await WarmInstallAsync();
        var stored = await StoredCiphertextAsync(instanceId);
        fixture.Simulator.Control.RotateRefreshTokens = true;
        var tokens = fixture.Services.GetRequiredService<IWixTokenManager>();
        using var client = CreateClient();
        try
        {
            var answers = new List<(string Call, HttpStatusCode Status, bool RetryAfter)>();
            var refreshesBefore = fixture.Simulator.Control.Counters.RefreshToken;

            // Reads pass, writes wait: the refresh lease reads the row and Wix rotates the refresh token (revoking the
            // stored one), then the write of the new one is cut off by the statement timeout. Twice: the second refresh
            // must present the token the first could not store, not the revoked one.
            await using (await LockInstallationsAsync("EXCLUSIVE"))
            {
                tokens.Invalidate(instanceId);
                answers.Add(await CallAsync(client, "first refresh", instanceId));
                tokens.Invalidate(instanceId);
                answers.Add(await CallAsync(client, "second refresh", instanceId));
            }

            // Wix did rotate while the write was blocked (else this test would prove nothing), and the callers were
            // served the access tokens it issued.
            Assert.Equal(refreshesBefore + 2, fixture.Simulator.Control.Counters.RefreshToken);
            Assert.Contains(fixture.Logs.Lines, l => l.Contains("[3250]", StringComparison.Ordinal));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));

            // Written once the database takes it, without waiting for another call.
            var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
            while (DateTimeOffset.UtcNow < deadline && !fixture.Logs.Lines.Any(l => l.Contains("[3251]", StringComparison.Ordinal)))
            {
                await Task.Delay(100);
            }

            Assert.Contains(fixture.Logs.Lines, l => l.Contains("[3251]", StringComparison.Ordinal) && l.Contains("True", StringComparison.Ordinal));
            Assert.NotEqual(stored, await StoredCiphertextAsync(instanceId));

            await AssertNothingLostAsync(client, tokens, instanceId);
        }
        finally
        {
            fixture.Simulator.Control.RotateRefreshTokens = false;
        }
    }

    private Task<string?> StoredCiphertextAsync(string instanceId) => fixture.Database.ScalarAsync<string>(
        "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId));

    /// <summary>
    /// After the database answers again: every instance is installed and served by its refresh token (a lost rotated
    /// token would have made Wix refuse the stored one, and the installation fall back), nothing quarantined, and no
    /// advisory lock or open transaction of ours left.
    /// </summary>
    private async Task AssertNothingLostAsync(HttpClient client, IWixTokenManager tokens, params string[] instances)
    {
        foreach (var instanceId in instances)
        {
            // Twice: the first refresh proves the stored refresh token is live, the second that the one it rotated to was stored.
            for (var round = 0; round < 2; round++)
            {
                tokens.Invalidate(instanceId);
                var refreshes = fixture.Simulator.Control.Counters.RefreshToken;
                var (status, strategy) = await TokenAsync(client, instanceId);
                Assert.Equal((HttpStatusCode.OK, "refresh_token"), (status, strategy));
                Assert.Equal(refreshes + 1, fixture.Simulator.Control.Counters.RefreshToken);
            }

            Assert.Equal("installed", await fixture.Database.ScalarAsync<string>(
                "SELECT status FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
            Assert.Null(await fixture.Database.ScalarAsync<string>(
                "SELECT fallback_reason FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        }

        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_quarantined_refresh_tokens"));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()"));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"));
    }

    /// <summary>Installs through the real handshake (a refresh-token installation) and gets its token once.</summary>
    private async Task<string> WarmInstallAsync()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        using var client = CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, install.InstanceId)).Status);
        return install.InstanceId;
    }

    private HttpClient CreateClient()
    {
        var client = fixture.CreateClient(withApiKey: true);
        client.Timeout = ClientTimeout;
        return client;
    }

    /// <summary>Another session's lock on <c>wix_installations</c>, held until disposed (its transaction rolled back).</summary>
    private async Task<Blocker> LockInstallationsAsync(string mode)
    {
        var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE wix_installations IN {mode} MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new Blocker(connection, transaction);
    }

    private async Task<(string Call, HttpStatusCode Status, bool RetryAfter)> CallAsync(HttpClient client, string call, string instanceId)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
        return (call, response.StatusCode, response.Headers.RetryAfter is not null);
    }

    private async Task<(HttpStatusCode Status, string? Strategy)> TokenAsync(HttpClient client, string instanceId)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        fixture.Secrets.AddResponse(body);
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString() : null);
    }

    private sealed class Blocker(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
