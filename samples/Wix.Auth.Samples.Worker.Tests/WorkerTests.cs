using System.Collections.Concurrent;
using System.Diagnostics;
using Wix.Auth.Samples.Worker;
using Wix.Auth.Simulator;

namespace Wix.Auth.Samples.Worker.Tests;

/// <summary>
/// The worker's round against Wix, where Wix is the <c>Wix.Auth.Simulator</c> package on loopback: an installed site is
/// reported by client credentials, a site the app was removed from is refused, and the app secret is never printed.
/// </summary>
public sealed class WorkerTests : IAsyncLifetime
{
    private WixSimulator _wix = null!;

    public async Task InitializeAsync() => _wix = await WixSimulator.StartAsync(new WixSimulatorOptions());

    [Fact]
    public async Task An_installed_site_is_reported_by_client_credentials()
    {
        var installed = _wix.Control.CreateInstalledInstance();
        var before = _wix.Control.Counters.ClientCredentials;

        var (exitCode, output) = await RunWorkerOnceAsync(installed);

        Assert.True(exitCode == 0, string.Join('\n', output));
        Assert.Contains(output, l => l.Contains($"Instance {installed}: Get App Instance answered 200", StringComparison.Ordinal));
        Assert.Equal(before + 1, _wix.Control.Counters.ClientCredentials);
        Assert.DoesNotContain(output, l => l.Contains(_wix.Control.AppSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_site_the_app_was_removed_from_gets_no_token_and_the_round_exits_1()
    {
        var removed = _wix.Control.CreateInstalledInstance();
        _wix.Control.Uninstall(removed);

        var (exitCode, output) = await RunWorkerOnceAsync(removed);

        Assert.Equal(1, exitCode);
        Assert.Contains(output, l => l.Contains($"Instance {removed}: no token", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains(_wix.Control.AppSecret, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_wix is not null)
        {
            await _wix.DisposeAsync();
        }
    }

    /// <summary>The built worker (copied beside these tests), one round, configured through its environment.</summary>
    private async Task<(int ExitCode, IReadOnlyList<string> Output)> RunWorkerOnceAsync(string instanceId)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(InstanceReportWorker).Assembly.Location);
        start.Environment["Wix__AppId"] = _wix.Control.AppId;
        start.Environment["Wix__AppSecret"] = _wix.Control.AppSecret;
        start.Environment["Wix__ApiBaseUrl"] = _wix.BaseUrl.AbsoluteUri;
        start.Environment["Report__InstanceIds__0"] = instanceId;
        start.Environment["Report__Once"] = "true";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        var output = new ConcurrentQueue<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit(); // drains the last output lines
        return (process.ExitCode, output.ToArray());
    }
}
