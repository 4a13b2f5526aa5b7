using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Issue #11 item 4: a refresh token Wix refuses (<c>invalid_grant</c>) is quarantined, not deleted; the operator
/// command lists it and restores it once Wix accepts it again (here: a local Wix that forgot its sites, then remembered).
/// </summary>
public sealed class QuarantineTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_refused_refresh_token_is_quarantined_the_instance_falls_back_and_the_restore_command_puts_it_back()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var ciphertext = await Ciphertext(install.InstanceId);
        Assert.NotNull(ciphertext);

        fixture.Simulator.Control.ForgetRefreshTokens();
        try
        {
            Assert.Equal("client_credentials", await TokenStrategyAsync(install.InstanceId));
        }
        finally
        {
            fixture.Simulator.Control.RememberRefreshTokens();
        }

        Assert.Null(await Ciphertext(install.InstanceId));
        Assert.Equal(ciphertext, await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_quarantined_refresh_tokens WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.Equal("revoked", await fixture.Database.ScalarAsync<string>(
            "SELECT fallback_reason FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));

        await using (var list = await HostProcess.StartAsync(fixture.Settings(), FreePort.Next(), "quarantine", "list"))
        {
            Assert.Equal(0, await list.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(list.Output, l => l.StartsWith(install.InstanceId + "\tinvalid_grant\t", StringComparison.Ordinal));
        }

        await using (var restore = await HostProcess.StartAsync(fixture.Settings(), FreePort.Next(), "quarantine", "restore"))
        {
            Assert.Equal(0, await restore.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(restore.Output, l => l == install.InstanceId + "\tRestored");
        }

        Assert.NotNull(await Ciphertext(install.InstanceId));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_quarantined_refresh_tokens"));
        Assert.Equal("refresh_token", await TokenStrategyAsync(install.InstanceId));
    }

    private Task<string?> Ciphertext(string instanceId) => fixture.Database.ScalarAsync<string>(
        "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId));

    private async Task<string?> TokenStrategyAsync(string instanceId)
    {
        fixture.Services.GetRequiredService<IWixTokenManager>().Invalidate(instanceId);
        using var client = fixture.CreateClient(withApiKey: true);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        fixture.Secrets.AddResponse(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString();
    }
}

/// <summary>A server that calls three refusals within a minute an incident.</summary>
public sealed class IncidentServerFixture : ServerFixture
{
    public const int Threshold = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("WixAuth:Refresh:IncidentThreshold", Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>
/// Issue #11 item 4: when many installations are refused at once (Wix forgot its sites), it is an incident: every
/// instance is served by client credentials, nothing beyond the threshold is quarantined, the refused tokens are kept
/// and not presented again before their retry time, and the incident is logged loudly and counted.
/// </summary>
public sealed class RefusalIncidentTests(IncidentServerFixture fixture) : IClassFixture<IncidentServerFixture>
{
    [Fact]
    public async Task Many_refusals_within_the_window_are_an_incident_that_quarantines_nothing_further_and_keeps_the_tokens()
    {
        var instances = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var install = await InstallFlow.InstallAsync(fixture);
            Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
            instances.Add(install.InstanceId);
        }

        using var counters = new HostCounters(fixture.Services);
        using var client = fixture.CreateClient(withApiKey: true);
        fixture.Simulator.Control.ForgetRefreshTokens();
        long refreshesDuringIncident;
        try
        {
            foreach (var instanceId in instances)
            {
                Assert.Equal("client_credentials", await TokenStrategyAsync(client, instanceId));
            }

            // Served again while the tokens wait for their retry time: no refresh token is presented to Wix.
            var before = fixture.Simulator.Control.Counters.RefreshToken;
            foreach (var instanceId in instances)
            {
                Assert.Equal("client_credentials", await TokenStrategyAsync(client, instanceId));
            }

            refreshesDuringIncident = fixture.Simulator.Control.Counters.RefreshToken - before;
        }
        finally
        {
            fixture.Simulator.Control.RememberRefreshTokens();
        }

        Assert.Equal(0, refreshesDuringIncident);
        Assert.Equal(IncidentServerFixture.Threshold - 1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_quarantined_refresh_tokens"));
        var kept = instances.Skip(IncidentServerFixture.Threshold - 1).ToList();
        foreach (var instanceId in kept)
        {
            Assert.NotNull(await fixture.Database.ScalarAsync<string>(
                "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
            Assert.Equal("incident", await fixture.Database.ScalarAsync<string>(
                "SELECT fallback_reason FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
            Assert.True(await fixture.Database.ScalarAsync<bool>(
                "SELECT refresh_retry_at > now() FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        }

        Assert.Single(fixture.Logs.Lines, l => l.StartsWith("Critical ", StringComparison.Ordinal) && l.Contains("[3231]", StringComparison.Ordinal));
        Assert.Equal(1, counters.Sum("wix_auth.refresh.incidents"));
        Assert.Equal(kept.Count, counters.Sum("wix_auth.refresh.refusals") - (IncidentServerFixture.Threshold - 1));
    }

    private async Task<string?> TokenStrategyAsync(HttpClient client, string instanceId)
    {
        fixture.Services.GetRequiredService<IWixTokenManager>().Invalidate(instanceId);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        fixture.Secrets.AddResponse(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString();
    }
}
