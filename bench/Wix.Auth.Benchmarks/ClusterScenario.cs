using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks;

/// <summary>
/// Issues 11 and 14 on a cluster: N Release hosts (separate processes) on one PostgreSQL and one simulator, run once with
/// the shared token cache on and once off, side by side. (a)+L3: 100 client-credentials instances asked 9 times round
/// robin over the hosts, 48 calls in flight per host; (b) 100 refresh-token installations the same way under strict
/// rotation; L4: a cold start of 2 000 refresh-token installations, each asked once on every host. Reports upstream
/// requests, failed calls and the peak number of connections per host (pg_stat_activity, sampled every 50 ms).
/// Started by bench/cluster/run.sh, which owns PostgreSQL; every host process is killed in a finally, or by
/// <see cref="ChildProcesses"/> when the script's trap sends SIGTERM.
/// </summary>
internal static class ClusterScenario
{
    private const int Instances = 100;
    private const int Rounds = 9;
    private const int InFlightPerHost = 48;
    private const int ColdStartInstances = 2000;

    public static async Task RunAsync(string adminConnectionString, string hostDll, int hosts, int latencyMs)
    {
        ChildProcesses.Install();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hosts} hosts, simulated Wix latency {latencyMs} ms, {Environment.ProcessorCount} cores, load average {HostProcesses.LoadAverage()}"));
        var results = new List<(bool Shared, Result Result)>();
        foreach (var shared in new[] { true, false })
        {
            results.Add((shared, await RunModeAsync(adminConnectionString, hostDll, hosts, latencyMs, shared)));
        }

        Console.WriteLine();
        Console.WriteLine("| scenario | shared token cache on | off |");
        Console.WriteLine("|---|---:|---:|");
        var on = results.Single(r => r.Shared).Result;
        var off = results.Single(r => !r.Shared).Result;
        foreach (var line in Result.Lines(on, off))
        {
            Console.WriteLine(line);
        }
    }

    private static async Task<Result> RunModeAsync(string admin, string hostDll, int hostCount, int latencyMs, bool shared)
    {
        var database = "wixauth_cluster_" + Guid.NewGuid().ToString("N")[..10];
        await HostProcesses.AdminAsync(admin, $"CREATE DATABASE {database}");
        var work = Directory.CreateTempSubdirectory("wixauth-cluster-bench-").FullName;
        var processes = new List<Process>();
        await using var simulator = await WixSimulator.StartAsync(new WixSimulatorOptions());
        try
        {
            var control = simulator.Control;
            control.Latency = TimeSpan.FromMilliseconds(latencyMs);
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;
            var apiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var certificate = Path.Combine(work, "key-encryption.pfx");
            var ports = Enumerable.Range(0, hostCount).Select(_ => HostProcesses.FreePort()).ToArray();
            Dictionary<string, string> Settings(int host) => new()
            {
                ["Wix__AppId"] = control.AppId,
                ["Wix__AppSecret"] = control.AppSecret,
                ["Wix__PublicKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(control.PublicKeyPem)),
                ["Wix__ApiBaseUrl"] = simulator.BaseUrl.ToString(),
                ["Wix__InstallerBaseUrl"] = simulator.BaseUrl.ToString(),
                ["WixAuth__PublicBaseUrl"] = $"http://127.0.0.1:{ports[host]}",
                ["WixAuth__ApiKeys__0"] = apiKey,
                ["WixAuth__DataProtection__CertificatePath"] = certificate,
                ["WixAuth__DataProtection__CertificatePassword"] = password,
                ["WixAuth__Postgres__SharedTokenCache__Enabled"] = shared ? "true" : "false",
                ["ConnectionStrings__WixAuth"] = new NpgsqlConnectionStringBuilder(connection) { ApplicationName = $"host{host}" }.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                // Scraped after each scenario for wix_auth.token_cache.shared_failures (why a host missed the shared cache).
                ["WixAuth__Telemetry__PrometheusEndpoint"] = "true",
            };

            await HostProcesses.RunToEndAsync(hostDll, Settings(0), "create-key-certificate", certificate);
            var clientCredentials = Enumerable.Range(0, Instances).Select(_ => control.CreateInstalledInstance()).ToArray();
            var refreshed = Enumerable.Range(0, Instances).Select(_ => control.CreateInstalledInstance()).ToArray();
            var cold = Enumerable.Range(0, ColdStartInstances).Select(_ => control.CreateInstalledInstance()).ToArray();
            var csv = new StringBuilder("instance_id,refresh_token\n");
            foreach (var id in clientCredentials)
            {
                csv.Append(id).Append(",\n");
            }

            foreach (var id in refreshed.Concat(cold))
            {
                csv.Append(id).Append(',').Append(control.IssueRefreshToken(id)).Append('\n');
            }

            var csvPath = Path.Combine(work, "installations.csv");
            await File.WriteAllTextAsync(csvPath, csv.ToString());
            await HostProcesses.RunToEndAsync(hostDll, Settings(0), "import-installations", csvPath);

            for (var host = 0; host < hostCount; host++)
            {
                processes.Add(HostProcesses.Start(hostDll, Settings(host), "--urls", $"http://127.0.0.1:{ports[host]}"));
            }

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(100) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            foreach (var port in ports)
            {
                await HostProcesses.WaitReadyAsync(http, port);
            }

            var result = new Result();
            control.Counters.Reset();
            (result.ClientCredentialsFailed, result.ClientCredentialsPeak, result.ClientCredentialsSeconds) =
                await DriveAsync(http, connection, ports, clientCredentials, Rounds);
            result.ClientCredentialsUpstream = control.Counters.ClientCredentials;
            var failures = await SharedFailuresAsync(http, ports);
            result.ClientCredentialsSharedFailures = Delta(failures, []);

            control.RotateRefreshTokens = true;
            control.Counters.Reset();
            (result.RefreshFailed, result.RefreshPeak, result.RefreshSeconds) = await DriveAsync(http, connection, ports, refreshed, Rounds);
            result.Refreshes = control.Counters.RefreshToken;
            result.RefreshFallbacks = control.Counters.ClientCredentials;
            var afterRefresh = await SharedFailuresAsync(http, ports);
            result.RefreshSharedFailures = Delta(afterRefresh, failures);

            control.Counters.Reset();
            (result.ColdFailed, result.ColdPeak, result.ColdSeconds) = await DriveAsync(http, connection, ports, cold, hostCount);
            result.ColdRefreshes = control.Counters.RefreshToken;
            result.ColdFallbacks = control.Counters.ClientCredentials;
            result.ColdSharedFailures = Delta(await SharedFailuresAsync(http, ports), afterRefresh);
            result.ColdCalls = cold.Length * hostCount;
            result.Hosts = hostCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shared {(shared ? "on" : "off")}: done, load average {HostProcesses.LoadAverage()}"));
            result.LoadAverage = HostProcesses.LoadAverage();
            return result;
        }
        finally
        {
            foreach (var process in processes)
            {
                await ChildProcesses.StopAsync(process);
                process.Dispose();
            }

            NpgsqlConnection.ClearAllPools();
            await HostProcesses.AdminAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Asks every instance <paramref name="rounds"/> times, round robin over the hosts, 48 calls in flight per host.</summary>
    private static async Task<(int Failed, Dictionary<string, int> Peak, double Seconds)> DriveAsync(
        HttpClient http, string connection, int[] ports, string[] instances, int rounds)
    {
        var failed = 0;
        var slots = ports.Select(_ => new SemaphoreSlim(InFlightPerHost)).ToArray();
        using var sampling = new CancellationTokenSource();
        var peak = new ConcurrentDictionary<string, int>();
        var sampler = SampleConnectionsAsync(connection, peak, sampling.Token);
        var watch = Stopwatch.StartNew();
        var calls = new List<Task>();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < instances.Length; i++)
            {
                var host = (i + round) % ports.Length;
                await slots[host].WaitAsync();
                calls.Add(CallAsync(host, instances[i]));
            }
        }

        await Task.WhenAll(calls);
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return (failed, new Dictionary<string, int>(peak), seconds);

        async Task CallAsync(int host, string instanceId)
        {
            try
            {
                using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{ports[host]}/api/v1/instances/{instanceId}/token"), null);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }
            finally
            {
                slots[host].Release();
            }
        }
    }

    /// <summary>
    /// <c>wix_auth.token_cache.shared_failures</c> summed over the hosts by reason, from their Prometheus endpoints:
    /// shared-cache calls that did not reach the database, each a miss.
    /// </summary>
    private static async Task<Dictionary<string, long>> SharedFailuresAsync(HttpClient http, int[] ports)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var port in ports)
        {
            var scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            foreach (var line in scrape.Split('\n'))
            {
                if (!line.StartsWith("wix_auth_token_cache_shared_failures", StringComparison.Ordinal))
                {
                    continue;
                }

                var at = line.IndexOf("reason=\"", StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }

                var reason = line[(at + 8)..line.IndexOf('"', at + 8)];
                var value = long.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
                sums[reason] = sums.GetValueOrDefault(reason) + value;
            }
        }

        return sums;
    }

    private static string Delta(Dictionary<string, long> now, Dictionary<string, long> before)
    {
        string[] reasons = ["pool_timeout", "timeout", "unavailable", "skipped"];
        return string.Join(" / ", reasons.Select(r => (now.GetValueOrDefault(r) - before.GetValueOrDefault(r)).ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task SampleConnectionsAsync(string connection, ConcurrentDictionary<string, int> peak, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { ApplicationName = "bench-sampler", Pooling = false }.ConnectionString);
        await db.OpenAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using (var command = new NpgsqlCommand(
                "SELECT application_name, count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'host%' AND application_name NOT LIKE '%listener' GROUP BY 1", db))
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var name = reader.GetString(0);
                    var count = reader.GetInt32(1);
                    peak.AddOrUpdate(name, count, (_, old) => Math.Max(old, count));
                }
            }

            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class Result
    {
        public int Hosts { get; set; }
        public long ClientCredentialsUpstream { get; set; }
        public int ClientCredentialsFailed { get; set; }
        public Dictionary<string, int> ClientCredentialsPeak { get; set; } = [];
        public double ClientCredentialsSeconds { get; set; }
        public string ClientCredentialsSharedFailures { get; set; } = string.Empty;
        public string RefreshSharedFailures { get; set; } = string.Empty;
        public string ColdSharedFailures { get; set; } = string.Empty;
        public long Refreshes { get; set; }
        public long RefreshFallbacks { get; set; }
        public int RefreshFailed { get; set; }
        public Dictionary<string, int> RefreshPeak { get; set; } = [];
        public double RefreshSeconds { get; set; }
        public long ColdRefreshes { get; set; }
        public long ColdFallbacks { get; set; }
        public int ColdFailed { get; set; }
        public int ColdCalls { get; set; }
        public Dictionary<string, int> ColdPeak { get; set; } = [];
        public double ColdSeconds { get; set; }
        public string LoadAverage { get; set; } = string.Empty;

        public static IEnumerable<string> Lines(Result on, Result off)
        {
            string Row(string name, Func<Result, object> value) => string.Create(CultureInfo.InvariantCulture, $"| {name} | {value(on)} | {value(off)} |");
            static string Peak(Dictionary<string, int> peak) => string.Join(" / ", peak.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));
            yield return Row($"(a)+L3 {Instances} client-credentials instances × {Rounds} calls, upstream requests (goal ≤ {Instances})", r => r.ClientCredentialsUpstream);
            yield return Row("(a)+L3 failed calls (of 900)", r => r.ClientCredentialsFailed);
            yield return Row("(a)+L3 peak pooled connections per host (+1 listener each)", r => Peak(r.ClientCredentialsPeak));
            yield return Row("(a)+L3 wall time (s)", r => r.ClientCredentialsSeconds.ToString("F1", CultureInfo.InvariantCulture));
            yield return Row("(a)+L3 shared-cache calls missing the database: pool_timeout / timeout / unavailable / skipped", r => r.ClientCredentialsSharedFailures);
            yield return Row($"(b) {Instances} refresh-token installations × {Rounds} calls, strict rotation: refreshes per instance (goal 1)", r => ((double)r.Refreshes / Instances).ToString("F2", CultureInfo.InvariantCulture));
            yield return Row("(b) failed calls / client-credentials fallbacks", r => $"{r.RefreshFailed} / {r.RefreshFallbacks}");
            yield return Row("(b) peak connections per host", r => Peak(r.RefreshPeak));
            yield return Row("(b) shared-cache calls missing the database (same four)", r => r.RefreshSharedFailures);
            yield return Row($"L4 cold start {ColdStartInstances} refresh-token installations × every host: served", r => $"{r.ColdCalls - r.ColdFailed} of {r.ColdCalls}");
            yield return Row("L4 refreshes per instance / fallbacks", r => $"{((double)r.ColdRefreshes / ColdStartInstances).ToString("F2", CultureInfo.InvariantCulture)} / {r.ColdFallbacks}");
            yield return Row("L4 peak connections per host", r => Peak(r.ColdPeak));
            yield return Row("L4 wall time (s)", r => r.ColdSeconds.ToString("F1", CultureInfo.InvariantCulture));
            yield return Row("L4 shared-cache calls missing the database (same four)", r => r.ColdSharedFailures);
            yield return Row("load average after the mode (1/5/15 min)", r => r.LoadAverage);
        }
    }
}
