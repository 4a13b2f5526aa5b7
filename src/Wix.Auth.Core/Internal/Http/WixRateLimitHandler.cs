using System.Net;

namespace Wix.Auth.Internal.Http;

/// <summary>
/// Inside the resilience pipeline, so every attempt (a retry included) passes the <see cref="WixTokenRateGate"/> before
/// it is sent, and every 429 with <c>Retry-After</c> sets the gate for the attempts of all other requests of its scope.
/// </summary>
internal sealed class WixRateLimitHandler(WixTokenRateGate gate, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(WixTokenRequestOptions.InstanceId, out var instanceId);
        await gate.WaitAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfterHeader.Delay(response, time) is { } delay)
        {
            gate.Refused(instanceId, delay);
        }

        return response;
    }
}
