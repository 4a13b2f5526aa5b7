using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Instances;

/// <summary>
/// Sends the BI event for each completed handshake in the background, so the owner's redirect to close-window never
/// waits for it. A failure is logged; the app can always call <c>POST /api/v1/instances/{id}/finish-setup</c>.
/// </summary>
internal sealed class FinishSetupWorker(FinishSetupQueue queue, FinishSetupClient client, ILogger<FinishSetupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var instanceId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await client.SendAsync(instanceId, stoppingToken);
            }
            catch (Exception ex) when (ex is WixTokenException or FinishSetupException or HttpRequestException)
            {
                HostLog.AutomaticFinishSetupFailed(logger, instanceId, ex.GetType().Name);
            }
        }
    }
}
