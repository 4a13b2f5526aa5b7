using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>The built server as its own OS process (<c>dotnet Wix.Auth.Host.dll</c>), configured by environment variables.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Everything the process wrote (its console log, at the level configured).</summary>
    public IReadOnlyCollection<string> Output => _output.ToArray();

    public static Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port, params string[] arguments) =>
        StartWithInputAsync(settings, port, standardInput: null, arguments);

    /// <summary>
    /// Starts a command that reads <paramref name="standardInput"/> from its standard input (then closed). A name of
    /// its own: as an overload of <see cref="StartAsync"/> it would take a command name for the input.
    /// </summary>
    public static async Task<HostProcess> StartWithInputAsync(IReadOnlyDictionary<string, string?> settings, int port, string? standardInput, params string[] arguments)
    {
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestEnvironment.HostDllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments.Length == 0)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url.ToString());
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new HostProcess(process, url);
        process.OutputDataReceived += (_, e) => host.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => host.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        if (arguments.Length == 0)
        {
            try
            {
                await host.WaitUntilHealthyAsync();
            }
            catch
            {
                // Nobody holds the host yet to dispose it: a host that never became healthy must not outlive the test.
                await host.DisposeAsync();
                throw;
            }
        }

        return host;
    }

    /// <summary>Waits for a command's exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host process exited with {_process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, Output.TakeLast(30))}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The host process did not become ready:{Environment.NewLine}{string.Join(Environment.NewLine, Output.TakeLast(30))}");
    }
}
