namespace Wix.Auth.Simulator;

// Wix rate-limiting the app's token requests (checklist L3, FI-6): 429 with Retry-After above a rate.
public sealed partial class WixSimulatorControl
{
    /// <summary>
    /// Admits at most <paramref name="requestsPerSecond"/> requests to <c>/oauth2/token</c> and <c>/oauth/access</c>
    /// together per second of the simulator's clock and answers the rest <c>429 too_many_requests</c> with
    /// <c>Retry-After</c> (whole seconds until the next second). Refused requests are counted in
    /// <see cref="WixSimulatorCounters.RateLimitedTokenRequests"/>, and a credential presented again before its
    /// <c>Retry-After</c> had passed in <see cref="WixSimulatorCounters.RetriesBeforeRetryAfter"/>. Zero lifts the limit.
    /// </summary>
    public void LimitTokenRequests(int requestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestsPerSecond);
        RateLimit.RequestsPerSecond = requestsPerSecond;
    }
}
