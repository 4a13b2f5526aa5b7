namespace Wix.Auth;

/// <summary>The Wix app's identity and the knobs of token acquisition. Bound from configuration section <c>Wix</c>.</summary>
public sealed class WixAuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Wix";

    /// <summary>The app ID (a GUID) from the Wix app dashboard.</summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>The app secret key. Never logged or put in an exception.</summary>
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>The app's webhook public key: PEM (<c>-----BEGIN PUBLIC KEY-----</c>) or base64 of the PEM. Optional unless webhooks are verified.</summary>
    public string? PublicKey { get; set; }

    /// <summary>Where the OAuth endpoints and APIs live.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://www.wixapis.com");

    /// <summary>Where the browser-facing installer lives (<c>/installer/install</c>, <c>/installer/close-window</c>).</summary>
    public Uri InstallerBaseUrl { get; set; } = new("https://www.wix.com");

    /// <summary>
    /// How long before expiry a cached token is replaced. Scaled down for short-lived tokens:
    /// the effective skew is the smaller of this and a tenth of the token's lifetime.
    /// </summary>
    public TimeSpan TokenExpirySkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many instances' tokens the manager keeps in memory before evicting.</summary>
    public int TokenCacheSize { get; set; } = 100_000;

    /// <summary>
    /// Lifetime assumed for <c>/oauth/access</c> access tokens when Wix sends no <c>expires_in</c>
    /// (Wix documents 5 minutes today, 10 minutes in older pages).
    /// </summary>
    public TimeSpan LegacyAccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one HTTP attempt to Wix.</summary>
    public TimeSpan HttpAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one token request including its retries.</summary>
    public TimeSpan HttpTotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient failure (429, 5xx, timeout) before giving up.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// Token requests within 30 seconds before the circuit breaker may judge Wix unhealthy (half of them failing
    /// transiently opens it).
    /// </summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>How long token requests fail fast once the circuit breaker opened, before one is let through again.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest token-endpoint response accepted, in bytes.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// What a 429 with <c>Retry-After</c> from a token endpoint holds back until the moment it names: every token request
    /// of the process (<see cref="WixTokenRateLimitScope.App"/>, the default) or that instance's only.
    /// </summary>
    public WixTokenRateLimitScope RateLimitScope { get; set; } = WixTokenRateLimitScope.App;

    /// <summary>
    /// The longest a token request waits for a rate limit's "not before" moment; a request that would wait longer fails
    /// at once as transient, carrying the remaining wait as its <c>Retry-After</c>, instead of holding its caller.
    /// </summary>
    public TimeSpan RateLimitMaxWait { get; set; } = TimeSpan.FromSeconds(10);
}
