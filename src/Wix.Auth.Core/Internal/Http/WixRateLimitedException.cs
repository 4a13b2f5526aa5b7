namespace Wix.Auth.Internal.Http;

/// <summary>
/// A token request not sent because Wix's rate limit holds its scope longer than the request may wait. Not an
/// <see cref="HttpRequestException"/>, so the resilience pipeline neither retries it nor counts it against the circuit;
/// <see cref="WixTokenClient"/> turns it into a transient <see cref="WixTokenException"/> carrying <see cref="RetryAfter"/>.
/// </summary>
internal sealed class WixRateLimitedException : Exception
{
    public WixRateLimitedException(TimeSpan retryAfter)
        : base("Wix's rate limit holds token requests longer than this request may wait.")
    {
        RetryAfter = retryAfter;
    }

    public WixRateLimitedException()
    {
    }

    public WixRateLimitedException(string message)
        : base(message)
    {
    }

    public WixRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long until the scope's not-before moment.</summary>
    public TimeSpan RetryAfter { get; }
}
