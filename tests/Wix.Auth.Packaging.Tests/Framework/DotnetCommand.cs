using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wix.Auth.Packaging.Tests.Framework;

/// <summary>
/// One run of the <c>dotnet</c> CLI (or a built app through it, or another program named by <c>program</c>), its output
/// kept, killed with its children on timeout.
/// </summary>
internal static class DotnetCommand
{
    public static async Task<(int ExitCode, IReadOnlyList<string> Output)> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string program = "dotnet")
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new ConcurrentQueue<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in {timeout}:\n{string.Join('\n', output)}");
        }

        // The exit is seen before the last asynchronous output lines; WaitForExit() without a timeout drains them.
        process.WaitForExit();
        return (process.ExitCode, output.ToArray());
    }
}
