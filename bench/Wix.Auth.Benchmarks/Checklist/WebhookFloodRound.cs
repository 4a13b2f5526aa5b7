using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// One L4 flood against one host build, on a database, simulator and host of its own (see <see cref="WebhookFloodScenario"/>
/// for what is delivered). Counts the database work the host did for the flood: statements (<c>pg_stat_statements</c>,
/// reset just before the first delivery), commits and rollbacks of the scenario's database and WAL syncs.
/// </summary>
internal static class WebhookFloodRound
{
    public static async Task<WebhookFloodResult> RunAsync(string label, string admin, string hostDll, int instanceCount, int perInstance, int connections)
    {
        await using var cluster = await HostCluster.CreateAsync(admin, 1);
        await using var simulator = await WixSimulator.StartAsync(new WixSimulatorOptions());
        var control = simulator.Control;
        var instances = Enumerable.Range(0, instanceCount).Select(_ => control.CreateInstalledInstance()).ToArray();
        var csv = new StringBuilder("instance_id,refresh_token\n");
        foreach (var id in instances)
        {
            csv.Append(id).Append(",\n");
        }

        await cluster.StartAsync(hostDll, simulator, new Dictionary<string, string>(), csv.ToString());
        var (events, deliveries) = Deliveries(control, instances, perInstance);

        var versionsBefore = (await cluster.QueryAsync<long>("SELECT coalesce(sum(row_version), 0)::bigint FROM wix_installations")).Single();
        var statementsCounted = await TryResetStatementsAsync(cluster);
        var (commitsBefore, rollbacksBefore, walBefore) = await CountersAsync(cluster);
        var loadBefore = HostProcesses.LoadAverage();

        using var sampling = new CancellationTokenSource();
        var sampler = cluster.SamplePeakConnectionsAsync(sampling.Token);
        var watch = Stopwatch.StartNew();
        var answers = await DeliverAsync(cluster.HostUrl(0), deliveries, connections);
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        var peak = await sampler;
        var loadAfter = HostProcesses.LoadAverage();

        await cluster.StopHostsAsync();
        var (commitsAfter, rollbacksAfter, walAfter) = await CountersAsync(cluster);
        long? statements = statementsCounted
            ? (await cluster.AdminQueryAsync<long>(
                "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{db}')")).Single()
            : null;
        var top = statementsCounted
            ? string.Join("; ", await cluster.AdminQueryAsync<string>("""
                SELECT calls || ' × ' || left(regexp_replace(query, '\s+', ' ', 'g'), 60) FROM pg_stat_statements
                 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{db}') ORDER BY calls DESC LIMIT 4
                """))
            : "n/a (pg_stat_statements not loaded)";

        var inbox = (await cluster.QueryAsync<long>("SELECT count(*) FROM wix_webhook_events")).Single();
        var outcomes = await cluster.QueryAsync<string>("SELECT coalesce(outcome, 'none') FROM wix_webhook_events");
        var versionsAfter = (await cluster.QueryAsync<long>("SELECT coalesce(sum(row_version), 0)::bigint FROM wix_installations")).Single();
        var newest = (await cluster.QueryAsync<long>($"SELECT count(*) FROM wix_installations WHERE plan_product_id = 'plan-{perInstance - 1}'")).Single();
        var latencies = answers.Select(a => a.Ms).Order().ToList();
        var others = answers.Where(a => a.Status is not (>= 200 and < 300)).ToList();
        return new WebhookFloodResult(
            label, deliveries.Count, events, answers.Count - others.Count,
            others.Count == 0 ? "0" : $"{others.Count} ({string.Join(", ", others.GroupBy(a => a.Status).Select(g => $"{g.Key} ×{g.Count()}"))})",
            HostCluster.Quantile(latencies, 0.5), HostCluster.Quantile(latencies, 0.9), HostCluster.Quantile(latencies, 0.99), latencies[^1],
            deliveries.Count / seconds, seconds, inbox,
            string.Join(", ", outcomes.GroupBy(o => o, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}")),
            versionsAfter - versionsBefore, outcomes.Count(o => o == "applied"), newest, instanceCount, HostCluster.Peak(peak),
            statements, top, commitsAfter - commitsBefore, rollbacksAfter - rollbacksBefore, walAfter - walBefore, loadBefore, loadAfter);
    }

    /// <summary>
    /// Distinct events, each instance's a second apart (Wix's times have one-second resolution), in time order; 10 % swapped
    /// with their instance's next event (the newer delivered first); then 20 % of all deliveries re-deliver a body
    /// already in the stream, a little later. The same seed every round, so every round delivers the same stream.
    /// </summary>
    private static (int Events, List<string> Deliveries) Deliveries(WixSimulatorControl control, string[] instances, int perInstance)
    {
        var random = new Random(11);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var events = new List<(int Instance, int Index, string Body)>();
        for (var k = 0; k < perInstance; k++)
        {
            for (var i = 0; i < instances.Length; i++)
            {
                var data = $$"""{"vendorProductId":"plan-{{k}}","cycle":"MONTHLY"}""";
                events.Add((i, k, control.CreateWebhookJwt("PaidPlanChanged", instances[i], data, start.AddSeconds(k), TimeSpan.FromHours(2))));
            }
        }

        var order = events.ToList();
        var positions = order.Select((e, at) => (e, at)).ToDictionary(p => (p.e.Instance, p.e.Index), p => p.at);
        foreach (var e in events.Where(e => e.Index + 1 < perInstance).OrderBy(_ => random.Next()).Take(events.Count / 10))
        {
            var a = positions[(e.Instance, e.Index)];
            var b = positions[(e.Instance, e.Index + 1)];
            if (order[a].Index == e.Index && order[b].Index == e.Index + 1)
            {
                (order[a], order[b]) = (order[b], order[a]);
            }
        }

        var deliveries = order.Select(e => e.Body).ToList();
        var duplicates = deliveries.Count / 4;
        for (var d = 0; d < duplicates; d++)
        {
            var original = random.Next(deliveries.Count);
            deliveries.Insert(Math.Min(deliveries.Count, original + random.Next(1, 200)), deliveries[original]);
        }

        return (events.Count, deliveries);
    }

    private static async Task<bool> TryResetStatementsAsync(HostCluster cluster)
    {
        if ((await cluster.AdminQueryAsync<long>("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_stat_statements'")).Single() == 0
            || !(await cluster.AdminQueryAsync<string>("SHOW shared_preload_libraries")).Single().Contains("pg_stat_statements", StringComparison.Ordinal))
        {
            return false;
        }

        // In the admin database, whose view shows every database's statements (filtered by dbid above).
        await cluster.AdminQueryAsync<int>("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        await cluster.AdminQueryAsync<int>("SELECT 1 FROM pg_stat_statements_reset()");
        return true;
    }

    private static async Task<(long Commits, long Rollbacks, long WalSyncs)> CountersAsync(HostCluster cluster)
    {
        var commits = (await cluster.AdminQueryAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = '{db}'")).Single();
        var rollbacks = (await cluster.AdminQueryAsync<long>("SELECT xact_rollback FROM pg_stat_database WHERE datname = '{db}'")).Single();
        var wal = (await cluster.AdminQueryAsync<long>("SELECT wal_sync FROM pg_stat_wal")).Single();
        return (commits, rollbacks, wal);
    }

    /// <summary>
    /// Posts every body once, in order, <paramref name="connections"/> at a time (a closed loop: the next delivery goes
    /// out when an answer comes back), as Wix would: the JWT as text, 1250 ms to answer (a slower answer counts as a failure, status 0).
    /// </summary>
    private static async Task<List<(int Status, double Ms)>> DeliverAsync(Uri host, List<string> deliveries, int connections)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromMilliseconds(1250) };
        var url = new Uri(host, "/webhooks/wix");
        var answers = new (int Status, double Ms)[deliveries.Count];
        var next = -1;
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            int at;
            while ((at = Interlocked.Increment(ref next)) < deliveries.Count)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    using var content = new StringContent(deliveries[at], Encoding.UTF8, "text/plain");
                    using var response = await http.PostAsync(url, content);
                    answers[at] = ((int)response.StatusCode, watch.Elapsed.TotalMilliseconds);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    answers[at] = (0, watch.Elapsed.TotalMilliseconds);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return [.. answers];
    }
}
