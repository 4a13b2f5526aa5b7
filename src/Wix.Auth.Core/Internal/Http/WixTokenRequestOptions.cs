namespace Wix.Auth.Internal.Http;

/// <summary>Per-request flags read by the resilience pipeline of the token client.</summary>
internal static class WixTokenRequestOptions
{
    /// <summary>
    /// Set on requests that must not be retried once sent: an authorization code is single-use, and a retry
    /// after a timeout or a 5xx could redeem it twice or burn it (security checklist C5).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> DoNotRetry = new("Wix.Auth.DoNotRetry");

    /// <summary>The instance a token request is for, when known: the key of the per-instance rate-limit scope.</summary>
    public static readonly HttpRequestOptionsKey<string?> InstanceId = new("Wix.Auth.InstanceId");

    /// <summary>The name of the token client's <see cref="IHttpClientFactory"/> client and resilience pipeline.</summary>
    public const string HttpClientName = "Wix.Auth.TokenClient";

    /// <summary>Upper bound on a server's <c>Retry-After</c> we are willing to wait, so one answer cannot stall a caller.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
}
