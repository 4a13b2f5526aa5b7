using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// <c>import-installations</c>, run as the built program against the server's database: a legacy export lands whole,
/// encrypted as the handshake stores it, and is served by refresh token; a bad file lands not at all.
/// </summary>
public sealed class ImportInstallationsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_legacy_export_of_hundreds_of_installations_is_imported_once_and_served_by_refresh_token()
    {
        var sites = Enumerable.Range(0, 300).Select(_ =>
        {
            var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
            var refreshToken = fixture.Simulator.Control.IssueRefreshToken(instanceId);
            fixture.Secrets.Add(refreshToken);
            return (InstanceId: instanceId, RefreshToken: refreshToken);
        }).ToList();
        var withoutToken = Enumerable.Range(0, 20).Select(_ => fixture.Simulator.Control.CreateInstalledInstance()).ToList();

        // The export's own columns come along (ignored), quoted as a real export quotes them: commas, doubled quotes,
        // a line break inside a field; CRLF line ends; one row repeated verbatim.
        var csv = new StringBuilder("site_name,instance_id,refresh_token,plan\r\n");
        for (var i = 0; i < sites.Count; i++)
        {
            var name = i % 50 == 0 ? "\"Shop, \"\"the best\"\"\nsecond line\"" : $"site {i}";
            csv.Append(name).Append(',').Append(sites[i].InstanceId).Append(',').Append('"').Append(sites[i].RefreshToken).Append('"').Append(",free\r\n");
        }

        csv.Append("repeated,").Append(sites[7].InstanceId).Append(',').Append(sites[7].RefreshToken).Append(",free\r\n");
        foreach (var instanceId in withoutToken)
        {
            csv.Append("basic site,").Append(instanceId).Append(",,premium\r\n");
        }

        var path = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        try
        {
            var first = await RunAsync(null, "import-installations", path, "--batch-size", "64");
            Assert.Equal(0, first.ExitCode);
            Assert.Contains(first.Output, l => l.StartsWith("Imported 320 instance(s) (300 with a refresh token): 320 created, 0 updated, 0 left as they are.", StringComparison.Ordinal));
            AssertNoRefreshTokenIn(first.Output, sites);
            // Progress is for a terminal only; a redirected output gets the summary alone.
            Assert.DoesNotContain(first.Output, l => l.Contains("Importing:", StringComparison.Ordinal));

            // Encrypted exactly as the handshake stores a refresh token: the store's protector, bound to the instance.
            var protector = fixture.Services.GetRequiredService<RefreshTokenProtector>();
            foreach (var (instanceId, refreshToken) in sites.Take(25))
            {
                var ciphertext = await fixture.Database.ScalarAsync<string>(
                    "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId));
                Assert.NotEqual(refreshToken, ciphertext);
                Assert.Equal(refreshToken, protector.TryUnprotect(instanceId, ciphertext!));
            }

            var versions = await RowVersionSumAsync();
            var second = await RunAsync(null, "import-installations", path);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains(second.Output, l => l.StartsWith("Nothing changed: all 320 instance(s) are known already", StringComparison.Ordinal));
            Assert.Equal(versions, await RowVersionSumAsync());

            using var client = fixture.CreateClient(withApiKey: true);
            var refreshesBefore = fixture.Simulator.Control.Counters.RefreshToken;
            await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (site, ct) =>
            {
                using var response = await client.PostAsync(new Uri($"/api/v1/instances/{site.InstanceId}/token", UriKind.Relative), null, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                fixture.Secrets.Add(body.RootElement.GetProperty("access_token").GetString());
                Assert.Equal("refresh_token", body.RootElement.GetProperty("strategy").GetString());
            });
            Assert.Equal(refreshesBefore + sites.Count, fixture.Simulator.Control.Counters.RefreshToken);

            using var basic = await client.PostAsync(new Uri($"/api/v1/instances/{withoutToken[0]}/token", UriKind.Relative), null);
            Assert.Equal("client_credentials", (await basic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("strategy").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_file_with_bad_lines_imports_nothing_names_every_bad_line_and_never_shows_a_refresh_token()
    {
        var good = fixture.Simulator.Control.CreateInstalledInstance();
        var duplicate = fixture.Simulator.Control.CreateInstalledInstance();
        var tokens = new[] { "rt-good-" + Guid.NewGuid().ToString("N"), "rt-first-" + Guid.NewGuid().ToString("N"), "rt-second-" + Guid.NewGuid().ToString("N"), "rt bad " + Guid.NewGuid().ToString("N") };
        var csv = string.Join('\n',
            "instance_id,refresh_token",            // line 1
            $"{good},{tokens[0]}",                   // line 2: fine
            $",{tokens[1]}",                         // line 3: no instance ID
            $"{duplicate},{tokens[1]}",              // line 4: fine on its own
            $"\"{Guid.NewGuid()}\"x,{tokens[0]}",    // line 5: text after a closing quote
            $"{Guid.NewGuid()},\"{tokens[3]}\"",     // line 6: a token with spaces
            $"{duplicate},{tokens[2]}",              // line 7: same instance, another token
            $"{Guid.NewGuid()},{tokens[0]},extra",   // line 8: one field too many
            $"{Guid.NewGuid()},ab\"c",               // line 9: a quote inside an unquoted field
            string.Empty);

        var run = await RunAsync(csv, "import-installations", "-");

        Assert.Equal(1, run.ExitCode);
        foreach (var line in new[] { 3, 5, 6, 7, 8, 9 })
        {
            Assert.Contains(run.Output, l => l.StartsWith($"line {line}: ", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(run.Output, l => l.StartsWith("line 2:", StringComparison.Ordinal) || l.StartsWith("line 4:", StringComparison.Ordinal));
        Assert.Contains(run.Output, l => l == "6 bad line(s) of 8; nothing was imported.");
        Assert.Contains(run.Output, l => l.StartsWith("line 7: ", StringComparison.Ordinal) && l.Contains("line 4", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Output, l => tokens.Any(t => l.Contains(t, StringComparison.Ordinal) || l.Contains(t.Split(' ')[^1], StringComparison.Ordinal)));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM wix_installations WHERE instance_id = ANY(@ids)", ("ids", new[] { good, duplicate })));
    }

    [Fact]
    public async Task Dry_run_writes_nothing_and_known_instances_keep_their_token_unless_overwrite()
    {
        var known = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, known.FinalStatus);
        var fresh = fixture.Simulator.Control.CreateInstalledInstance();
        var freshToken = fixture.Simulator.Control.IssueRefreshToken(fresh);
        var replacement = fixture.Simulator.Control.IssueRefreshToken(known.InstanceId);
        fixture.Secrets.Add(freshToken);
        fixture.Secrets.Add(replacement);
        // Piped with a byte-order mark, as some exporters write it.
        var csv = $"\uFEFFinstance_id,refresh_token\n{known.InstanceId},{replacement}\n{fresh},{freshToken}\n";
        var protector = fixture.Services.GetRequiredService<RefreshTokenProtector>();
        async Task<string?> StoredTokenAsync(string id) => await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", id)) is { } c ? protector.TryUnprotect(id, c) : null;
        var handshakeToken = await StoredTokenAsync(known.InstanceId);

        var dry = await RunAsync(csv, "import-installations", "-", "--dry-run", "--overwrite");
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains(dry.Output, l => l.StartsWith("Dry run, nothing written: the file is valid; 2 instance(s) (2 with a refresh token): 1 would be created, 1 updated, 0 left", StringComparison.Ordinal));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_installations WHERE instance_id = @id", ("id", fresh)));
        Assert.Equal(handshakeToken, await StoredTokenAsync(known.InstanceId));

        var kept = await RunAsync(csv, "import-installations", "-");
        Assert.Equal(0, kept.ExitCode);
        Assert.Contains(kept.Output, l => l.StartsWith("Imported 2 instance(s) (2 with a refresh token): 1 created, 0 updated, 1 left as they are.", StringComparison.Ordinal));
        Assert.Equal(handshakeToken, await StoredTokenAsync(known.InstanceId));
        Assert.Equal(freshToken, await StoredTokenAsync(fresh));

        var overwritten = await RunAsync(csv, "import-installations", "-", "--overwrite");
        Assert.Equal(0, overwritten.ExitCode);
        Assert.Contains(overwritten.Output, l => l.StartsWith("Imported 2 instance(s) (2 with a refresh token): 0 created, 1 updated, 1 left as they are.", StringComparison.Ordinal));
        Assert.Equal(replacement, await StoredTokenAsync(known.InstanceId));

        var again = await RunAsync(csv, "import-installations", "-", "--overwrite");
        Assert.Contains(again.Output, l => l.StartsWith("Nothing changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_file_argument_prints_the_usage_and_exits_2()
    {
        var run = await RunAsync(null, "import-installations", "--overwrite");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.Output, l => l.StartsWith("usage: Wix.Auth.Host import-installations", StringComparison.Ordinal));
    }

    private async Task<(int ExitCode, IReadOnlyCollection<string> Output)> RunAsync(string? input, params string[] arguments)
    {
        await using var command = await HostProcess.StartWithInputAsync(fixture.Settings(), FreePort.Next(), input, arguments);
        var exitCode = await command.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (exitCode, command.Output);
    }

    private async Task<long> RowVersionSumAsync() =>
        await fixture.Database.ScalarAsync<long>("SELECT coalesce(sum(row_version), 0)::bigint FROM wix_installations");

    private static void AssertNoRefreshTokenIn(IReadOnlyCollection<string> output, IEnumerable<(string InstanceId, string RefreshToken)> sites)
    {
        var tokens = sites.Select(s => s.RefreshToken).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(output, l => tokens.Any(t => l.Contains(t, StringComparison.Ordinal)));
    }
}
