using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Host.Tests;

/// <summary>A server whose Wix calls time out after one second a try, three seconds in all.</summary>
public sealed class SlowWixServerFixture : ServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Wix:HttpAttemptTimeout", "00:00:01"),
        new("Wix:HttpTotalTimeout", "00:00:03"),
    ];
}

/// <summary>
/// Checklist FI-12, slow provider: Wix holds every refresh answer. The attempt timeout fires, the caller gets a 503
/// (retry later) instead of a hang, the refresh lease's transaction is rolled back (no advisory lock, no idle
/// transaction left), and the refresh token is kept: the next call after Wix recovers refreshes with it.
/// </summary>
public sealed class SlowWixTests(SlowWixServerFixture fixture) : IClassFixture<SlowWixServerFixture>
{
    [Fact]
    public async Task A_wix_that_never_answers_the_refresh_times_out_to_503_and_loses_nothing()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var control = fixture.Simulator.Control;
        var stored = await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId));
        using var client = fixture.CreateClient(withApiKey: true);
        var tokenPath = new Uri($"/api/v1/instances/{install.InstanceId}/token", UriKind.Relative);
        fixture.Services.GetRequiredService<IWixTokenManager>().Invalidate(install.InstanceId);

        control.SpoilNextAnswers("refresh_token", 10, WixSimulatedAnswerFault.Hang);
        try
        {
            using var slow = await client.PostAsync(tokenPath, null);
            fixture.Secrets.AddResponse(await slow.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, slow.StatusCode);
        }
        finally
        {
            control.SpoilNextAnswers("refresh_token", 0, WixSimulatedAnswerFault.Hang);
        }

        Assert.Equal(stored, await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()"));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"));

        using var recovered = await client.PostAsync(tokenPath, null);
        var body = await recovered.Content.ReadAsStringAsync();
        fixture.Secrets.AddResponse(body);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal("refresh_token", JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString());
    }
}
