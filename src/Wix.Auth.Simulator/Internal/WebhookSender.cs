using System.Text;
using Microsoft.Extensions.Logging;

namespace Wix.Auth.Simulator.Internal;

/// <summary>
/// Delivers webhooks the way Wix does: a POST of the JWT as text, 1250 ms to answer 200, re-delivery on failure
/// (on a compressed schedule).
/// </summary>
internal sealed partial class WebhookSender(WixSimulatorControl control, HttpClient client, ILogger<WebhookSender> logger)
{
    /// <summary>Wix treats an answer slower than this as a failure.</summary>
    internal static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMilliseconds(1250);

    public async Task SendAsync(string eventType, string instanceId, string innerDataJson)
    {
        if (control.Options.WebhookUrl is not { } url)
        {
            return;
        }

        // Let the response that triggered the event (e.g. the installer's redirect) go out first.
        await Task.Yield();
        var jwt = control.CreateWebhookJwt(eventType, instanceId, innerDataJson);
        var delays = control.Options.WebhookRetryDelays;
        for (var attempt = 1; attempt <= delays.Count + 1; attempt++)
        {
            var (status, error) = await DeliverAsync(url, jwt).ConfigureAwait(false);
            control.Journal.RecordDelivery(new WixWebhookDelivery(eventType, instanceId, attempt, status, error, control.Time.GetUtcNow()));
            if (status == 200)
            {
                return;
            }

            LogDeliveryFailed(logger, eventType, attempt, status, error);
            if (attempt <= delays.Count)
            {
                await Task.Delay(delays[attempt - 1]).ConfigureAwait(false);
            }
        }
    }

    private async Task<(int? Status, string? Error)> DeliverAsync(Uri url, string jwt)
    {
        using var cts = new CancellationTokenSource(DeliveryTimeout);
        try
        {
            using var content = new StringContent(jwt, Encoding.UTF8, "text/plain");
            using var response = await client.PostAsync(url, content, cts.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException)
        {
            return (null, "timeout");
        }
        catch (HttpRequestException e)
        {
            return (null, e.HttpRequestError.ToString());
        }
        catch (ObjectDisposedException)
        {
            // The simulator stopped while a retry was pending.
            return (null, "simulator stopped");
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Webhook {EventType} delivery attempt {Attempt} failed: status {Status}, error {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string eventType, int attempt, int? status, string? error);
}
