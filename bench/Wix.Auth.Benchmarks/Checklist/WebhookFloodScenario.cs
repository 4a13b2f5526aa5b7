using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// Checklist L4, webhook flood: <c>instances</c> installations × <c>per-instance</c> billing events (PaidPlanChanged,
/// each naming plan-k, one second apart), signed RS256 by the simulator as Wix signs them (before the clock starts), posted by a C# harness over
/// <c>connections</c> connections to one Release host: 10 % of the events are delivered after their successor (out of
/// order) and 20 % of all deliveries are re-deliveries of an identical body (duplicates, some concurrent with
/// their original). Reports latency percentiles and non-2xx answers, inbox rows against distinct events,
/// what each event did (applied or stale), whether every effect was applied once (each applied event bumps its
/// installation's row version exactly once) and whether every installation ends on its newest plan.
/// </summary>
internal static class WebhookFloodScenario
{
    public static async Task RunAsync(string admin, string hostDll, int instanceCount, int perInstance, int connections)
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

        // Distinct events, each instance's a second apart (Wix's times have one-second resolution), in time order.
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

        // 10 % of the events swapped with their instance's next event: the newer one is delivered first.
        var order = events.ToList();
        var positions = order.Select((e, at) => (e, at)).ToDictionary(p => (p.e.Instance, p.e.Index), p => p.at);
        var swapped = 0;
        foreach (var e in events.Where(e => e.Index + 1 < perInstance).OrderBy(_ => random.Next()).Take(events.Count / 10))
        {
            var a = positions[(e.Instance, e.Index)];
            var b = positions[(e.Instance, e.Index + 1)];
            if (order[a].Index != e.Index || order[b].Index != e.Index + 1)
            {
                continue; // Already part of a swap.
            }

            (order[a], order[b]) = (order[b], order[a]);
            swapped++;
        }

        // Duplicates: 20 % of all deliveries re-deliver a body already in the stream, a little later.
        var deliveries = order.Select(e => e.Body).ToList();
        var duplicates = deliveries.Count / 4;
        for (var d = 0; d < duplicates; d++)
        {
            var original = random.Next(deliveries.Count);
            deliveries.Insert(Math.Min(deliveries.Count, original + random.Next(1, 200)), deliveries[original]);
        }

        var versionsBefore = (await cluster.QueryAsync<long>("SELECT coalesce(sum(row_version), 0)::bigint FROM wix_installations")).Single();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"L4 webhook flood: {events.Count} distinct events ({instanceCount} instances × {perInstance}), {deliveries.Count} deliveries ({duplicates} duplicates = {100.0 * duplicates / deliveries.Count:F0} %, {swapped} events delivered after their successor = {100.0 * swapped / events.Count:F0} %), {connections} connections, 1 host, {Environment.ProcessorCount} cores, load average {HostProcesses.LoadAverage()}"));

        using var sampling = new CancellationTokenSource();
        var sampler = cluster.SamplePeakConnectionsAsync(sampling.Token);
        var watch = Stopwatch.StartNew();
        var answers = await DeliverAsync(cluster.HostUrl(0), deliveries, connections);
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        var peak = await sampler;
        var load = HostProcesses.LoadAverage();

        var inbox = (await cluster.QueryAsync<long>("SELECT count(*) FROM wix_webhook_events")).Single();
        var outcomes = await cluster.QueryAsync<string>("SELECT coalesce(outcome, 'none') FROM wix_webhook_events");
        var applied = outcomes.Count(o => o == "applied");
        var versionsAfter = (await cluster.QueryAsync<long>("SELECT coalesce(sum(row_version), 0)::bigint FROM wix_installations")).Single();
        var newest = (await cluster.QueryAsync<long>($"SELECT count(*) FROM wix_installations WHERE plan_product_id = 'plan-{perInstance - 1}'")).Single();

        Console.WriteLine();
        Console.WriteLine("| L4 webhook flood | result |");
        Console.WriteLine("|---|---:|");
        var latencies = answers.Select(a => a.Ms).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| deliveries answered 2xx / other (goal 0 other) | {answers.Count(a => a.Status is >= 200 and < 300)} / {answers.Count(a => a.Status is not (>= 200 and < 300))} |"));
        if (answers.Any(a => a.Status is not (>= 200 and < 300)))
        {
            Console.WriteLine($"| other answers | {string.Join(", ", answers.Where(a => a.Status is not (>= 200 and < 300)).GroupBy(a => a.Status).Select(g => $"{g.Key} ×{g.Count()}"))} |");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ms p50 / p90 / p99 / max (Wix's timeout 1250, checklist p99 < 300) | {HostCluster.Quantile(latencies, 0.5):F0} / {HostCluster.Quantile(latencies, 0.9):F0} / {HostCluster.Quantile(latencies, 0.99):F0} / {latencies[^1]:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| deliveries/s (closed loop, as fast as answered), wall time (s) | {deliveries.Count / seconds:F0}, {seconds:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| inbox rows / distinct events (goal equal) | {inbox} / {events.Count} |"));
        Console.WriteLine($"| outcomes | {string.Join(", ", outcomes.GroupBy(o => o, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"))} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| effects written / events applied (goal equal: each applied once, duplicates and stale events change nothing) | {versionsAfter - versionsBefore} / {applied} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| installations on their newest plan (goal {instanceCount}) | {newest} |"));
        Console.WriteLine($"| peak pooled connections (host) | {HostCluster.Peak(peak)} |");
        Console.WriteLine($"| load average after the run (1/5/15 min) | {load} |");
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
