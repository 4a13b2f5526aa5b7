namespace Wix.Auth.Internal.Http;

/// <summary>How long a response's <c>Retry-After</c> asks to wait, read the same way wherever it is honoured.</summary>
internal static class RetryAfterHeader
{
    /// <summary>The delta, or the date minus now; null when the response carries no <c>Retry-After</c>.</summary>
    public static TimeSpan? Delay(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.RetryAfter is { } retryAfter
            ? retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null)
            : null;
}
