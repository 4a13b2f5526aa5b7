using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wix.Auth.Simulator.Internal.Persistence;

/// <summary>
/// Keeps the state file current: every quarter second it writes the state if it changed, and once more when the simulator
/// stops (Ctrl-C, SIGTERM), so a graceful restart loses nothing. Polling a snapshot rather than hooking every change
/// keeps persistence out of the token endpoints' hot path; a hard kill may lose the last quarter second.
/// </summary>
internal sealed partial class SimulatorStateSaver(WixSimulatorControl control, SimulatorStateFile file, ILogger<SimulatorStateSaver> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Lock _gate = new();
    private byte[] _lastWritten = [];

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        SaveIfChanged();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock on purpose: this is disk I/O pacing, not simulated time (tests may freeze the simulator's clock).
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                SaveIfChanged();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void SaveIfChanged()
    {
        lock (_gate)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(control.CaptureState(), SimulatorStateJsonContext.Default.SimulatorState);
            if (json.AsSpan().SequenceEqual(_lastWritten))
            {
                return;
            }

            try
            {
                file.Save(json);
                _lastWritten = json;
            }
            catch (IOException ex)
            {
                LogSaveFailed(logger, file.Path, ex.Message);
            }
            catch (UnauthorizedAccessException ex)
            {
                LogSaveFailed(logger, file.Path, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Could not write the simulator state to {Path}: {Reason}. Retrying.")]
    private static partial void LogSaveFailed(ILogger logger, string path, string reason);
}
