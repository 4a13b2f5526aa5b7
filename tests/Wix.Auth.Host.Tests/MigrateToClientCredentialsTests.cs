using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// <c>migrate-to-client-credentials</c> as the built program: a legacy export imported, served by refresh token,
/// verified with Wix and switched; an instance Wix no longer knows reported and then 404; a crash resumes.
/// </summary>
public sealed class MigrateToClientCredentialsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Imported_installations_are_verified_and_switched_and_an_instance_wix_no_longer_knows_is_reported_then_404()
    {
        var sites = await ImportSitesAsync(40);
        // In the legacy database but unknown to Wix (the site was deleted while the old code was not listening).
        var ghost = Guid.NewGuid().ToString();
        Assert.Equal(0, (await RunAsync($"instance_id,refresh_token\n{ghost},legacy-{Guid.NewGuid():N}\n", "import-installations", "-")).ExitCode);
        using var client = fixture.CreateClient(withApiKey: true);
        Assert.Equal("refresh_token", await TokenStrategyAsync(client, sites[0]));

        var dry = await RunAsync(null, "migrate-to-client-credentials", "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        AssertRow(dry.Output, "would migrate", "40");
        AssertRow(dry.Output, "not installed", $"{ghost} (invalid_grant)");
        var all = sites.Append(ghost).ToList();
        Assert.Equal(0L, await CountAsync("preferred_strategy = 'client_credentials' AND instance_id = ANY(@ids)", all));
        Assert.Equal(0L, await CountAsync("status = 'removed' AND instance_id = ANY(@ids)", all));

        // Token Info out of service: that installation fails, is kept as it was with the error code, and the exit code says so.
        fixture.Simulator.Control.FailNextTokenInfoRequests(50, 403);
        var failed = await RunAsync(null, "migrate-to-client-credentials", "--instance", sites[1]);
        fixture.Simulator.Control.FailNextTokenInfoRequests(0, 403);
        Assert.Equal(1, failed.ExitCode);
        AssertRow(failed.Output, "failed", $"{sites[1]} (token_info_", prefix: true);
        Assert.Equal(0L, await CountAsync("preferred_strategy IS NOT NULL AND instance_id = ANY(@ids)", all));
        Assert.StartsWith("token_info_", await fixture.Database.ScalarAsync<string>("SELECT migration_error FROM wix_installations WHERE instance_id = @id", ("id", sites[1])));

        var run = await RunAsync(null, "migrate-to-client-credentials", "--concurrency", "4", "--rate", "200");
        Assert.Equal(0, run.ExitCode);
        AssertRow(run.Output, "migrated", "40");
        AssertRow(run.Output, "not installed", "1");
        AssertRow(run.Output, "failed", "0");
        Assert.Equal(40L, await CountAsync("preferred_strategy = 'client_credentials' AND refresh_token_ciphertext IS NOT NULL AND migration_error IS NULL AND refresh_token_keep_until > now() + interval '29 days' AND instance_id = ANY(@ids)", all));
        Assert.Equal("removed", await fixture.Database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", ghost)));
        // Removed, but its refresh token is kept in quarantine, not deleted: Wix's answer for an unknown instance is UNCONFIRMED.
        Assert.Equal("not_installed_invalid_grant", await fixture.Database.ScalarAsync<string>(
            "SELECT error_code FROM wix_quarantined_refresh_tokens WHERE instance_id = @id", ("id", ghost)));

        using (var gone = await client.PostAsync(new Uri($"/api/v1/instances/{ghost}/token", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var refreshes = fixture.Simulator.Control.Counters.RefreshToken;
        foreach (var instanceId in sites.Skip(1))
        {
            Assert.Equal("client_credentials", await TokenStrategyAsync(client, instanceId));
        }

        Assert.Equal(refreshes, fixture.Simulator.Control.Counters.RefreshToken);
        using (var status = await client.GetAsync(new Uri($"/api/v1/instances/{sites[2]}", UriKind.Relative)))
        {
            using var body = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
            Assert.Equal("client_credentials", body.RootElement.GetProperty("preferred_strategy").GetString());
            Assert.True(body.RootElement.GetProperty("has_refresh_token").GetBoolean());
            Assert.Equal(JsonValueKind.String, body.RootElement.GetProperty("refresh_token_kept_until").ValueKind);
        }

        var again = await RunAsync(null, "migrate-to-client-credentials");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains(again.Output, l => l.Trim() == "No installation is still on refresh tokens.");
    }

    [Fact]
    public async Task A_migration_killed_half_way_resumes_where_it_stopped()
    {
        var sites = await ImportSitesAsync(30);
        var filter = "preferred_strategy = 'client_credentials' AND instance_id = ANY(@ids)";
        fixture.Simulator.Control.Latency = TimeSpan.FromMilliseconds(250);
        try
        {
            await using (var command = await HostProcess.StartAsync(fixture.Settings(), FreePort.Next(), "migrate-to-client-credentials", "--concurrency", "2", "--rate", "100"))
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (await CountAsync(filter, sites) < 5 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            } // disposing kills the process tree: a crash, not a clean stop
        }
        finally
        {
            fixture.Simulator.Control.Latency = TimeSpan.Zero;
        }

        var before = await CountAsync(filter, sites);
        Assert.InRange(before, 5, 29);
        var resumed = await RunAsync(null, "migrate-to-client-credentials");
        Assert.Equal(0, resumed.ExitCode);
        AssertRow(resumed.Output, "migrated", (30 - before).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(30L, await CountAsync(filter, sites));
    }

    [Fact]
    public async Task A_migrated_installation_uses_its_kept_refresh_token_when_wix_refuses_client_credentials_and_loses_it_after_the_keep_date()
    {
        var sites = await ImportSitesAsync(2);
        Assert.Equal(0, (await RunAsync(null, "migrate-to-client-credentials", "--instance", sites[0])).ExitCode);
        Assert.Equal(0, (await RunAsync(null, "migrate-to-client-credentials", "--instance", sites[1], "--keep-refresh-tokens", "0")).ExitCode);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM wix_installations WHERE instance_id = @id AND refresh_token_ciphertext IS NOT NULL", ("id", sites[1])));

        using var client = fixture.CreateClient(withApiKey: true);
        fixture.Simulator.Control.FailNextTokenRequests(1, 400);
        Assert.Equal("refresh_token", await TokenStrategyAsync(client, sites[0]));

        await fixture.Database.ScalarAsync<int>("UPDATE wix_installations SET refresh_token_keep_until = now() - interval '1 minute' WHERE instance_id = @id", ("id", sites[0]));
        var purge = await RunAsync(null, "migrate-to-client-credentials");
        Assert.Contains(purge.Output, l => l.Trim() == "kept refresh tokens past their date, purged: 1");
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM wix_installations WHERE instance_id = @id AND refresh_token_ciphertext IS NOT NULL", ("id", sites[0])));
    }

    [Fact]
    public async Task A_token_that_token_info_says_belongs_to_another_app_or_instance_is_not_migrated_and_the_installation_is_kept()
    {
        var sites = await ImportSitesAsync(2);
        var otherInstance = fixture.Simulator.Control.CreateInstalledInstance();

        // Client credentials answered, but Token Info names another app (credentials of a different app configured),
        // then another instance (a confused answer): switching on either would hand out tokens for the wrong site.
        fixture.Simulator.Control.AnswerNextTokenInfoRequestsAsApp(1, Guid.NewGuid().ToString());
        var foreignApp = await RunAsync(null, "migrate-to-client-credentials", "--instance", sites[0]);
        fixture.Simulator.Control.AnswerNextTokenInfoRequestsAsInstance(1, otherInstance);
        var foreignInstance = await RunAsync(null, "migrate-to-client-credentials", "--instance", sites[1]);

        Assert.Equal(1, foreignApp.ExitCode);
        AssertRow(foreignApp.Output, "failed", $"{sites[0]} (token_info_mismatch)");
        Assert.Equal(1, foreignInstance.ExitCode);
        AssertRow(foreignInstance.Output, "failed", $"{sites[1]} (token_info_mismatch)");
        Assert.Equal(2L, await CountAsync(
            "preferred_strategy IS NULL AND refresh_token_ciphertext IS NOT NULL AND refresh_token_keep_until IS NULL AND migration_error = 'token_info_mismatch' AND instance_id = ANY(@ids)", sites));
        using var client = fixture.CreateClient(withApiKey: true);
        Assert.Equal("refresh_token", await TokenStrategyAsync(client, sites[0]));
        Assert.Equal("refresh_token", await TokenStrategyAsync(client, sites[1]));

        // Once Token Info agrees, the same installations migrate.
        foreach (var instanceId in sites)
        {
            Assert.Equal(0, (await RunAsync(null, "migrate-to-client-credentials", "--instance", instanceId)).ExitCode);
        }

        Assert.Equal(2L, await CountAsync("preferred_strategy = 'client_credentials' AND migration_error IS NULL AND instance_id = ANY(@ids)", sites));
    }

    [Fact]
    public async Task An_installation_wrongly_reported_not_installed_keeps_its_refresh_token_and_quarantine_restore_brings_it_back()
    {
        var sites = await ImportSitesAsync(1);
        var instanceId = sites[0];
        fixture.Simulator.Control.RefuseClientCredentialsFor(instanceId);
        try
        {
            var run = await RunAsync(null, "migrate-to-client-credentials", "--instance", instanceId);
            Assert.Equal(0, run.ExitCode);
            AssertRow(run.Output, "not installed", $"{instanceId} (invalid_grant)");
        }
        finally
        {
            fixture.Simulator.Control.RefuseClientCredentialsFor(instanceId, refuse: false);
        }

        using var client = fixture.CreateClient(withApiKey: true);
        using (var gone = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        // Wix still accepts the refresh token, so the app is installed there: restoring it reinstates the installation.
        var restore = await RunAsync(null, "quarantine", "restore", instanceId);
        Assert.Equal(0, restore.ExitCode);
        Assert.Contains($"{instanceId}\tRestored", restore.Output.Select(l => l.Trim()));
        Assert.Equal(1L, await CountAsync("status = 'installed' AND refresh_token_ciphertext IS NOT NULL AND instance_id = ANY(@ids)", sites));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM wix_quarantined_refresh_tokens WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal("refresh_token", await TokenStrategyAsync(client, instanceId));
    }

    private async Task<List<string>> ImportSitesAsync(int count)
    {
        var csv = new StringBuilder("instance_id,refresh_token\n");
        var sites = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
            var refreshToken = fixture.Simulator.Control.IssueRefreshToken(instanceId);
            fixture.Secrets.Add(refreshToken);
            csv.Append(instanceId).Append(',').Append(refreshToken).Append('\n');
            sites.Add(instanceId);
        }

        var import = await RunAsync(csv.ToString(), "import-installations", "-");
        Assert.Equal(0, import.ExitCode);
        return sites;
    }

    private static async Task<string?> TokenStrategyAsync(HttpClient client, string instanceId)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("strategy").GetString();
    }

    private async Task<long> CountAsync(string where, IReadOnlyList<string>? ids = null) => ids is null
        ? await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM wix_installations WHERE {where}")
        : await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM wix_installations WHERE {where}", ("ids", ids.ToArray()));

    private async Task<(int ExitCode, IReadOnlyCollection<string> Output)> RunAsync(string? input, params string[] arguments)
    {
        await using var process = await HostProcess.StartWithInputAsync(fixture.Settings(), FreePort.Next(), input, arguments);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (exitCode, process.Output);
    }

    /// <summary>A row of the summary table: the outcome, spaces, then the value.</summary>
    private static void AssertRow(IReadOnlyCollection<string> output, string outcome, string value, bool prefix = false)
    {
        var pattern = "^" + Regex.Escape(outcome) + " +" + Regex.Escape(value) + (prefix ? string.Empty : "$");
        Assert.True(output.Any(l => Regex.IsMatch(l.Trim(), pattern)), $"no row '{outcome} … {value}' in:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
    }
}
