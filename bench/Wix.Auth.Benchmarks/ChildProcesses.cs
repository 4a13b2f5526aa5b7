using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wix.Auth.Benchmarks;

/// <summary>
/// The processes a benchmark driver started (the hosts and their one-off commands), killed when this process exits however it exits: a finally
/// does not run when the bench script's trap (bench/checklist/run.sh, bench/cluster/run.sh) sends SIGTERM, the signal handlers and ProcessExit do.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    private static readonly List<PosixSignalRegistration> Signals = [];

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

        // The in-process simulator is an ASP.NET Core app whose console lifetime takes SIGTERM/SIGINT for itself (it stops
        // the simulator and cancels the exit), so the driver would run on to its end with its hosts. Ours kills them and exits.
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            Signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                KillAll();
                Environment.Exit(128 + (context.Signal == PosixSignal.SIGTERM ? 15 : 2));
            }));
        }
    }

    /// <summary>Registers the handlers now, before anything is started (they are otherwise registered on first use).</summary>
    public static void Install()
    {
    }

    public static void Track(Process process) => Live[process.Id] = process;

    /// <summary>Kills one tracked process (and its children) and waits for it.</summary>
    public static async Task StopAsync(Process process)
    {
        Live.TryRemove(process.Id, out _);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void KillAll()
    {
        foreach (var process in Live.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
