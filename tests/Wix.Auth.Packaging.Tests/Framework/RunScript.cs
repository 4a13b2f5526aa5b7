using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Wix.Auth.Packaging.Tests.Framework;

/// <summary>
/// One run of <c>scripts/run.sh</c> in a process group of its own (<c>setsid</c>), its state in a folder the test owns
/// (<c>WIXAUTH_LOCAL_DIR</c>), never the developer's <c>.local/</c>. Stopped with SIGTERM to the whole group, as a
/// terminal's Ctrl-C reaches the whole foreground group; whatever happens, disposing kills what is left of the group.
/// </summary>
internal sealed partial class RunScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RunScript(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The addresses the run printed in its box.</summary>
    public sealed record Addresses(Uri Server, Uri InstallOnASite);

    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>Starts <c>run.sh --no-build</c> (the tests run on the Release build the test script made).</summary>
    public static RunScript Start(string stateDirectory, string connectionString)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = PackedLibraries.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "bash", Path.Combine("scripts", "run.sh"), "--no-build" })
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the test run's own configuration reaches the script: it must choose and keep everything itself.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Wix__", StringComparison.Ordinal)
            || k.StartsWith("WixAuth__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["WIXAUTH_LOCAL_DIR"] = stateDirectory;
        start.Environment["ConnectionStrings__WixAuth"] = connectionString;
        return new RunScript(Process.Start(start) ?? throw new InvalidOperationException("setsid did not start"));
    }

    /// <summary>Waits for the box run.sh prints once the server is ready, and reads its addresses.</summary>
    public async Task<Addresses> WaitForBoxAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var lines = Output;
            var server = lines.Select(l => ServerLine().Match(l)).FirstOrDefault(m => m.Success);
            var install = lines.Select(l => InstallLine().Match(l)).FirstOrDefault(m => m.Success);
            if (server is not null && install is not null)
            {
                return new Addresses(new Uri(server.Groups[1].Value), new Uri(install.Groups[1].Value));
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"run.sh exited ({_process.ExitCode}) before it was ready:\n{string.Join('\n', lines)}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"run.sh printed no box in {timeout}:\n{string.Join('\n', lines)}");
            }
        }
    }

    /// <summary>SIGTERM to the group; the script's exit code once it and everything it started have stopped.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await SignalGroupAsync("TERM");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the last output lines
        return _process.ExitCode;
    }

    /// <summary>True while any process of the group (the script, the server, the simulator) is still running.</summary>
    public async Task<bool> IsGroupAliveAsync() => await SignalGroupAsync("0") == 0;

    public async ValueTask DisposeAsync()
    {
        if (await IsGroupAliveAsync())
        {
            await SignalGroupAsync("KILL");
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private async Task<int> SignalGroupAsync(string signal)
    {
        // setsid ran the script as the leader of a new group: the group's ID is the script's process ID.
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-s", signal, "--", "-" + _process.Id })
        {
            kill.ArgumentList.Add(argument);
        }

        using var process = Process.Start(kill) ?? throw new InvalidOperationException("kill did not start");
        await process.WaitForExitAsync(CancellationToken.None);
        return process.ExitCode;
    }

    [GeneratedRegex(@"Wix\.Auth is running:\s+(\S+)")]
    private static partial Regex ServerLine();

    [GeneratedRegex(@"Install on a site:\s+(\S+)")]
    private static partial Regex InstallLine();
}
