using System.Net.Http.Json;
using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Instances;

/// <summary>
/// Sends Wix's <c>APP_FINISHED_CONFIGURATION</c> BI event (<c>POST {ApiBaseUrl}/apps/v1/bi-event</c>), which ends the
/// instance's "Setup Incomplete" state. The app access token is attached by the core's access-token handler.
/// </summary>
internal sealed class FinishSetupClient(HttpClient httpClient, ILogger<FinishSetupClient> logger)
{
    public const string EventName = "APP_FINISHED_CONFIGURATION";

    public async Task SendAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("apps/v1/bi-event", UriKind.Relative))
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["eventName"] = EventName }),
        };
        request.SetWixInstanceId(instanceId);
        using var response = await httpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            HostLog.FinishSetupFailed(logger, instanceId, status);
            throw new FinishSetupException(status);
        }

        HostLog.FinishSetupSent(logger, instanceId);
    }
}
