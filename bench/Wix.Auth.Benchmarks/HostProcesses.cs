using System.Diagnostics;
using System.Net;
using Npgsql;

namespace Wix.Auth.Benchmarks;

/// <summary>
/// How the multi-host drivers (the cluster scenario and the checklist scenarios) start Release host processes, run the
/// host's one-off commands, wait for readiness and talk to the PostgreSQL the script started. Every process started here
/// is tracked by <see cref="ChildProcesses"/>, so a SIGTERM from the script's trap stops it too.
/// </summary>
internal static class HostProcesses
{
    public static Process Start(string hostDll, Dictionary<string, string> settings, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(hostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        ChildProcesses.Track(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task RunToEndAsync(string hostDll, Dictionary<string, string> settings, params string[] arguments)
    {
        using var process = Start(hostDll, settings, arguments);
        await process.WaitForExitAsync();
        await ChildProcesses.StopAsync(process);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{arguments[0]} exited with {process.ExitCode}");
        }
    }

    public static async Task WaitReadyAsync(HttpClient http, int port)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"host on {port} never became ready");
    }

    public static async Task AdminAsync(string admin, string sql)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
