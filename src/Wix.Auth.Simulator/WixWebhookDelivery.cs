namespace Wix.Auth.Simulator;

/// <summary>One attempt to deliver a webhook to the app.</summary>
/// <param name="EventType">e.g. <c>AppInstalled</c>.</param>
/// <param name="InstanceId">The instance the event is about.</param>
/// <param name="Attempt">1 for the first delivery, 2+ for re-deliveries.</param>
/// <param name="StatusCode">The app's HTTP status; null when no answer came in time.</param>
/// <param name="Error">Why the attempt failed without a status (timeout, refused connection).</param>
/// <param name="At">When the attempt finished.</param>
public sealed record WixWebhookDelivery(string EventType, string InstanceId, int Attempt, int? StatusCode, string? Error, DateTimeOffset At)
{
    /// <summary>True when the app acknowledged the event with 200.</summary>
    public bool Acknowledged => StatusCode == 200;
}
