using System.Globalization;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// Parses <c>checklist l1|l3|l4 ADMIN HOST_DLL [--option value]...</c> (bench/checklist/run.sh) and runs the scenario.
/// Values are numbers, except L4's <c>--baseline-host</c> (a host build to run alternately with this one).
/// </summary>
internal static class ChecklistCommand
{
    public static async Task RunAsync(string scenario, string admin, string hostDll, string[] options)
    {
        ChildProcesses.Install();
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        string? baselineHost = null;
        for (var i = 0; i < options.Length; i += 2)
        {
            if (options[i] == "--baseline-host" && i + 1 < options.Length && scenario == "l4")
            {
                baselineHost = options[i + 1];
                continue;
            }

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
            "l1" => InstallBurst(Get("installs", 1000), Get("concurrency", 30), Get("latency-ms", 100)),
            "l3" => MassExpiry(Get("installations", 600), Get("rps", 20), Get("callers", 24), Get("lifetime-s", 60), Get("duration-s", 100), Get("latency-ms", 100)),
            "l4" => WebhookFlood(Get("instances", 400), Get("per-instance", 10), Get("connections", 32), Get("rounds", baselineHost is null ? 1 : 3)),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s) for {scenario}: {string.Join(", ", values.Keys)}.");
        }

        await run();

        Func<Task> InstallBurst(int installs, int concurrency, int latencyMs) =>
            () => InstallBurstScenario.RunAsync(admin, hostDll, installs, concurrency, latencyMs);

        Func<Task> MassExpiry(int installations, int rps, int callers, int lifetime, int duration, int latencyMs) =>
            () => MassExpiryScenario.RunAsync(admin, hostDll, installations, rps, callers, lifetime, duration, latencyMs);

        Func<Task> WebhookFlood(int instances, int perInstance, int connections, int rounds) =>
            () => WebhookFloodScenario.RunAsync(admin, hostDll, baselineHost, instances, perInstance, connections, rounds);
    }
}
