using System.Collections.Concurrent;

namespace Wix.Auth.Simulator.Internal.State;

/// <summary>What the app did with this Wix, oldest first, for tests to assert on: webhook deliveries, installs that reached the close-window page, API calls.</summary>
internal sealed class SimulatorJournal
{
    private readonly ConcurrentQueue<WixWebhookDelivery> _deliveries = new();
    private readonly ConcurrentQueue<string> _closedWindows = new();
    private readonly ConcurrentQueue<WixSimulatedApiCall> _apiCalls = new();

    public IReadOnlyList<WixWebhookDelivery> Deliveries => _deliveries.ToArray();

    public IReadOnlyCollection<string> ClosedWindows => _closedWindows.ToArray();

    public IReadOnlyList<WixSimulatedApiCall> ApiCalls => _apiCalls.ToArray();

    public void RecordDelivery(WixWebhookDelivery delivery) => _deliveries.Enqueue(delivery);

    public void RecordClosedWindow(string instanceId) => _closedWindows.Enqueue(instanceId);

    /// <summary>An API call let through, with the identity its token carried (the app itself when the token names no subject).</summary>
    public void RecordApiCall(string path, AccessTokenRecord token, string appId) =>
        _apiCalls.Enqueue(new WixSimulatedApiCall(path, token.InstanceId, token.SubjectType, token.SubjectId ?? appId));
}
