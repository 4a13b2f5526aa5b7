using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Wix.Auth.Packaging.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Packaging.Tests;

/// <summary>
/// <c>scripts/run.sh</c> as a new user runs it (issue #15's "Done when"): run → install on a simulated site → token →
/// Ctrl-C → run again → the same addresses, the same installation, and the token served by its refresh token, because the
/// simulator kept its sites and tokens. The script's state is a folder of the test's own; the database is an empty one
/// (the server migrates it), so the test never touches the developer's <c>.local/</c> or starts a PostgreSQL cluster.
/// </summary>
public sealed class LocalRunScriptTests : IAsyncLifetime
{
    private static readonly TimeSpan Ready = TimeSpan.FromMinutes(3);
    private readonly string _state = Directory.CreateTempSubdirectory("wixauth-run-").FullName;
    private PostgresDatabaseFixture? _database;

    public async Task InitializeAsync()
    {
        try
        {
            _database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        }
        catch
        {
            // xunit calls DisposeAsync only after InitializeAsync succeeded: without this the state folder would stay.
            Directory.Delete(_state, recursive: true);
            throw;
        }
    }

    [Fact]
    public async Task Run_install_token_stop_and_run_again_keeps_the_addresses_and_the_installation_and_refreshes_the_token()
    {
        RunScript.Addresses first;
        string instanceId;
        var terminal = new List<string>();
        await using (var run = RunScript.Start(_state, _database!.ConnectionString))
        {
            Assert.True(await run.IsGroupAliveAsync(), "run.sh is not the leader of its own process group");
            first = await run.WaitForBoxAsync(Ready);

            using var browser = new BrowserlessInstaller();
            var install = await browser.InstallAsync(first.InstallOnASite);
            Assert.True(install.ReachedCloseWindow, $"{install.FinalUrl} {(int)install.FinalStatus}: {install.FinalBody}");
            instanceId = System.Web.HttpUtility.ParseQueryString(install.CallbackUrl!.Query)["instanceId"]!;
            Assert.False(string.IsNullOrEmpty(instanceId));
            Assert.Equal(HttpStatusCode.OK, (await TokenAsync(first, instanceId)).Status);

            Assert.Equal(130, await run.InterruptAsync(TimeSpan.FromMinutes(1)));
            Assert.False(await run.IsGroupAliveAsync(), "something run.sh started outlived it");
            Assert.Contains(run.Output, l => l == "stopped");
            terminal.AddRange(run.Output);
        }

        await using (var again = RunScript.Start(_state, _database.ConnectionString))
        {
            var second = await again.WaitForBoxAsync(Ready);
            Assert.Equal(first, second);

            // A simulator that forgot its sites answers the old refresh token with invalid_grant: this one remembers it.
            Assert.Equal(0, await RefreshCountAsync(second));
            var (status, strategy) = await TokenAsync(second, instanceId);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("refresh_token", strategy);
            Assert.Equal(1, await RefreshCountAsync(second));

            Assert.Equal(130, await again.InterruptAsync(TimeSpan.FromMinutes(1)));
            Assert.False(await again.IsGroupAliveAsync(), "something run.sh started outlived it");
            terminal.AddRange(again.Output);
        }

        // Kept across restarts and quiet: two starts appended, each migration applied once, no retry-pipeline line per
        // token call (Polly's "Execution attempt"), no stack trace; the terminal shows the box, not the server's log.
        var log = await File.ReadAllLinesAsync(Path.Combine(_state, "host.log"));
        Assert.Equal(2, log.Count(l => l.StartsWith("--- host started ", StringComparison.Ordinal)));
        Assert.Single(log, l => l.Contains("Applying database migration 1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("Execution attempt", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(terminal, l => l.Contains("migration", StringComparison.OrdinalIgnoreCase) || l.Contains("info:", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_state, recursive: true);
    }

    private async Task<(HttpStatusCode Status, string? Strategy)> TokenAsync(RunScript.Addresses run, string instanceId)
    {
        using var client = new HttpClient { BaseAddress = run.Server };
        var apiKey = (await File.ReadAllTextAsync(Path.Combine(_state, "api-key"))).Trim();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString())
            : (response.StatusCode, body);
    }

    private static async Task<long> RefreshCountAsync(RunScript.Addresses run)
    {
        using var client = new HttpClient();
        var counters = await client.GetStringAsync(new Uri(run.InstallOnASite, "/_simulator/counters"));
        return JsonDocument.Parse(counters).RootElement.GetProperty("refreshToken").GetInt64();
    }
}
