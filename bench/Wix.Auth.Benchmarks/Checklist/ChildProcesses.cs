using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// The processes a checklist scenario started (the hosts and their one-off commands), killed when this process exits however it exits: a finally
/// does not run when bench/checklist/run.sh's trap sends SIGTERM, but ProcessExit does.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
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
