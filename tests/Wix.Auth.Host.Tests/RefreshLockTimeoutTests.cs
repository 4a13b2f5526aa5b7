using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// A server whose refresh lock timeout is short (3 s), so a test can wait it out; it must exceed the HTTP total timeout
/// to Wix (checked at start), hence 1-s attempts and 2 s in total. No test of this fixture calls Wix: the refresh token
/// is stored directly and the lock is never granted, so those tight HTTP timeouts never meet a cold, loaded machine.
/// </summary>
public sealed class LockTimeoutServerFixture : ServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Wix:HttpAttemptTimeout", "00:00:01"),
        new("Wix:HttpTotalTimeout", "00:00:02"),
        new("WixAuth:Postgres:RefreshLockTimeout", "00:00:03"),
    ];
}

/// <summary>Issue #11 item 2 (checklist FI-12): a refresh lock not granted in time is 503 with Retry-After, never 500.</summary>
public sealed class RefreshLockTimeoutTests(LockTimeoutServerFixture fixture) : IClassFixture<LockTimeoutServerFixture>
{
    [Fact]
    public async Task A_refresh_lock_not_granted_in_time_is_503_not_500()
    {
        var control = fixture.Simulator.Control;
        var instanceId = control.CreateInstalledInstance();
        var refreshToken = control.IssueRefreshToken(instanceId);
        fixture.Secrets.Add(refreshToken);
        await fixture.Services.GetRequiredService<IWixInstallationStore>().SaveRefreshTokenAsync(instanceId, refreshToken, CancellationToken.None);

        // Another process is refreshing this instance, and takes longer than the lock timeout.
        await using var holder = new NpgsqlConnection(fixture.Database.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('wix-refresh:' || @id, 0))", holder, transaction))
        {
            lockIt.Parameters.AddWithValue("id", instanceId);
            await lockIt.ExecuteNonQueryAsync();
        }

        using var client = fixture.CreateClient(withApiKey: true);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        // The 503 is the lock's: Wix was never asked, and the refresh token is still there.
        Assert.Equal(0, control.Counters.RefreshToken);
        await transaction.RollbackAsync();
        Assert.NotNull(await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
    }
}
