using System.Globalization;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// Checklist L4, webhook flood: <c>instances</c> installations × <c>per-instance</c> billing events (PaidPlanChanged,
/// each naming plan-k, one second apart), signed RS256 by the simulator as Wix signs them (before the clock starts),
/// posted by a C# harness over <c>connections</c> connections to one Release host: 10 % of the events are delivered
/// after their successor (out of order) and 20 % of all deliveries are re-deliveries of an identical body (duplicates,
/// some concurrent with their original). Reports latency percentiles and non-2xx answers, inbox rows against distinct
/// events, what each event did (applied or stale), whether every effect was applied once (each applied event bumps its
/// installation's row version exactly once), whether every installation ends on its newest plan, peak pooled
/// connections and the database work per delivery (statements, transactions, WAL syncs). Given a baseline host build,
/// runs it and this build alternately (ABBA) for <c>rounds</c> rounds in one run and prints medians and ratios.
/// </summary>
internal static class WebhookFloodScenario
{
    public static async Task RunAsync(string admin, string hostDll, string? baselineDll, int instanceCount, int perInstance, int connections, int rounds)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"L4 webhook flood: {instanceCount * perInstance} distinct events ({instanceCount} instances × {perInstance}), 20 % duplicates, 10 % after their successor, {connections} connections, 1 host, {rounds} round(s){(baselineDll is null ? string.Empty : " × (baseline, this build), alternating")}, {Environment.ProcessorCount} cores, load average {HostProcesses.LoadAverage()}"));
        var results = new List<WebhookFloodResult>();
        for (var round = 0; round < rounds; round++)
        {
            var order = baselineDll is null
                ? [("this build", hostDll)]
                : round % 2 == 0 ? new[] { ("baseline", baselineDll), ("this build", hostDll) } : [("this build", hostDll), ("baseline", baselineDll)];
            foreach (var (label, dll) in order)
            {
                var result = await WebhookFloodRound.RunAsync($"{label} #{round + 1}", admin, dll, instanceCount, perInstance, connections);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {result.Label}: {result.PerSecond:F0}/s, p50 {result.P50:F0} ms, p99 {result.P99:F0} ms, non-2xx {result.OtherAnswers}, load {result.LoadAfter}"));
                results.Add(result);
            }
        }

        Console.WriteLine();
        WebhookFloodTable.Print(results);
        if (baselineDll is not null)
        {
            Console.WriteLine();
            WebhookFloodTable.PrintComparison(results);
        }
    }
}
