using Microsoft.Extensions.Options;

namespace Wix.Auth.Samples.Worker;

/// <summary>
/// Calls Wix's Get App Instance for each configured instance. The token comes from the handler added by
/// <c>AddWixAccessTokenHandler()</c>: cached per instance, one request to Wix however many calls run at once.
/// </summary>
public sealed partial class InstanceReportWorker(
    IHttpClientFactory httpClients,
    IOptions<InstanceReportOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<InstanceReportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var report = options.Value;
        using var timer = new PeriodicTimer(report.Interval);
        do
        {
            var failed = 0;
            foreach (var instanceId in report.InstanceIds)
            {
                failed += await ReportAsync(instanceId, stoppingToken) ? 0 : 1;
            }

            if (report.Once)
            {
                Environment.ExitCode = failed == 0 ? 0 : 1;
                lifetime.StopApplication();
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> ReportAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/apps/v1/instance").SetWixInstanceId(instanceId);
            using var response = await httpClients.CreateClient("wix").SendAsync(request, cancellationToken);
            InstanceReported(logger, instanceId, (int)response.StatusCode);
            return response.IsSuccessStatusCode;
        }
        catch (WixTokenException ex)
        {
            // Wix refused the instance (removed, or never installed) or could not be reached; the message has no secret.
            InstanceFailed(logger, instanceId, ex.Message);
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Instance {InstanceId}: Get App Instance answered {Status}")]
    private static partial void InstanceReported(ILogger logger, string instanceId, int status);

    [LoggerMessage(2, LogLevel.Warning, "Instance {InstanceId}: no token ({Reason})")]
    private static partial void InstanceFailed(ILogger logger, string instanceId, string reason);
}
