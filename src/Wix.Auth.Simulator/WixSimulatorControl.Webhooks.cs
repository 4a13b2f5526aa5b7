namespace Wix.Auth.Simulator;

// Webhooks Wix sends the app: minted, sent in the background, and their deliveries waited for.
public sealed partial class WixSimulatorControl
{
    internal Func<string, string, string, Task>? WebhookDispatcher { get; set; }

    /// <summary>Every webhook delivery attempt so far, oldest first.</summary>
    public IReadOnlyList<WixWebhookDelivery> WebhookDeliveries => Journal.Deliveries;

    /// <summary>Mints a webhook body: an RS256 JWT over Wix's three nested layers, signed with the app's webhook key.</summary>
    public string CreateWebhookJwt(string eventType, string instanceId, string innerDataJson, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null) =>
        _webhookSigner.Sign(eventType, instanceId, innerDataJson, issuedAt ?? Time.GetUtcNow(), lifetime ?? TimeSpan.FromHours(1));

    /// <summary>
    /// Sends any app-instance webhook (e.g. <c>PaidPlanPurchased</c>) to the app's webhook URL in the background, with
    /// the usual timeout and retries; await it with <see cref="WaitForWebhookAsync"/>. Nothing is sent without a webhook URL.
    /// </summary>
    public void SendWebhook(string eventType, string instanceId, string innerDataJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(innerDataJson);
        if (WebhookDispatcher is { } dispatch)
        {
            _ = dispatch(eventType, instanceId, innerDataJson);
        }
    }

    /// <summary>Waits until the app acknowledged (200) a webhook of <paramref name="eventType"/> for the instance.</summary>
    public async Task<WixWebhookDelivery> WaitForWebhookAsync(string eventType, string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            var delivery = Journal.Deliveries.FirstOrDefault(d => d.EventType == eventType && d.InstanceId == instanceId && d.Acknowledged);
            if (delivery is not null)
            {
                return delivery;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No acknowledged {eventType} webhook for {instanceId} within {timeout}.");
            }
        }
    }
}
