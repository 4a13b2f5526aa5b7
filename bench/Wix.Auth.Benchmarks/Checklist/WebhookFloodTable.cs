using System.Globalization;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>Prints L4 results as Markdown: one column per run, then (with a baseline) medians and ratios per build.</summary>
internal static class WebhookFloodTable
{
    public static void Print(IReadOnlyList<WebhookFloodResult> results)
    {
        Console.WriteLine("| L4 webhook flood | " + string.Join(" | ", results.Select(r => r.Label)) + " |");
        Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")));
        Row("deliveries answered 2xx / other (goal 0 other)", r => $"{r.Ok} / {r.OtherAnswers}");
        Row("ms p50 / p90 / p99 / max (Wix's timeout 1250, checklist p99 < 300)", r => F($"{r.P50:F0} / {r.P90:F0} / {r.P99:F0} / {r.Max:F0}"));
        Row("deliveries/s (closed loop, as fast as answered), wall time (s)", r => F($"{r.PerSecond:F0}, {r.Seconds:F1}"));
        Row("inbox rows / distinct events (goal equal)", r => $"{r.InboxRows} / {r.DistinctEvents}");
        Row("outcomes", r => r.Outcomes);
        Row("effects written / events applied (goal equal: each applied once)", r => $"{r.EffectsWritten} / {r.Applied}");
        Row("installations on their newest plan", r => $"{r.OnNewestPlan} / {r.Instances}");
        Row("peak pooled connections (host)", r => r.PeakConnections);
        Row("statements per delivery (pg_stat_statements, BEGIN/COMMIT/ROLLBACK included)", r => r.Statements is { } s ? F($"{(double)s / r.Deliveries:F2}") : "n/a");
        Row("commits / rollbacks per delivery", r => F($"{(double)r.Commits / r.Deliveries:F2} / {(double)r.Rollbacks / r.Deliveries:F2}"));
        Row("WAL syncs (fsync) per delivery", r => F($"{(double)r.WalSyncs / r.Deliveries:F2}"));
        Row("load average before / after (1/5/15 min)", r => $"{r.LoadBefore} / {r.LoadAfter}");
        Console.WriteLine();
        foreach (var r in results)
        {
            Console.WriteLine($"most frequent statements, {r.Label}: {r.TopStatements}");
        }

        void Row(string name, Func<WebhookFloodResult, string> value) =>
            Console.WriteLine($"| {name} | " + string.Join(" | ", results.Select(value)) + " |");
    }

    public static void PrintComparison(IReadOnlyList<WebhookFloodResult> results)
    {
        var baseline = results.Where(r => r.Label.StartsWith("baseline", StringComparison.Ordinal)).ToList();
        var candidate = results.Where(r => r.Label.StartsWith("this build", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"| medians of {candidate.Count} round(s) each | baseline | this build | this build / baseline |");
        Console.WriteLine("|---|---:|---:|---:|");
        Compare("deliveries/s", r => r.PerSecond);
        Compare("ms p50", r => r.P50);
        Compare("ms p99", r => r.P99);
        Compare("statements per delivery", r => r.Statements is { } s ? (double)s / r.Deliveries : double.NaN);
        Compare("commits + rollbacks per delivery", r => (double)(r.Commits + r.Rollbacks) / r.Deliveries);
        Compare("WAL syncs per delivery", r => (double)r.WalSyncs / r.Deliveries);
        Console.WriteLine(F($"| non-2xx answers (sum) | {baseline.Sum(r => r.Deliveries - r.Ok)} | {candidate.Sum(r => r.Deliveries - r.Ok)} | |"));
        Console.WriteLine($"| inbox rows = distinct events, effects = applied, all on newest plan (every round) | {Holds(baseline)} | {Holds(candidate)} | |");

        void Compare(string name, Func<WebhookFloodResult, double> value)
        {
            var b = Median(baseline.Select(value));
            var c = Median(candidate.Select(value));
            Console.WriteLine(F($"| {name} | {b:0.##} | {c:0.##} | {c / b:F2} |"));
        }
    }

    private static string Holds(IEnumerable<WebhookFloodResult> results) =>
        results.All(r => r.InboxRows == r.DistinctEvents && r.EffectsWritten == r.Applied && r.OnNewestPlan == r.Instances) ? "yes" : "NO";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
