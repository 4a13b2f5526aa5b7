using System.Globalization;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>Parses <c>checklist l1|l3|l4 ADMIN HOST_DLL [--option value]...</c> (bench/checklist/run.sh) and runs the scenario.</summary>
internal static class ChecklistCommand
{
    public static async Task RunAsync(string scenario, string admin, string hostDll, string[] options)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Length; i += 2)
        {
            if (!options[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= options.Length
                || !int.TryParse(options[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new ArgumentException($"Options are '--name number' pairs; got '{string.Join(' ', options)}'.");
            }

            values[options[i][2..]] = value;
        }

        int Get(string name, int fallback) => values.Remove(name, out var value) ? value : fallback;
        Func<Task> run = scenario switch
        {
            "l1" => InstallBurst(Get("installs", 300), Get("concurrency", 30), Get("latency-ms", 100)),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s) for {scenario}: {string.Join(", ", values.Keys)}.");
        }

        await run();

        Func<Task> InstallBurst(int installs, int concurrency, int latencyMs) =>
            () => InstallBurstScenario.RunAsync(admin, hostDll, installs, concurrency, latencyMs);
    }
}
