namespace Wix.Auth.Simulator;

/// <summary>How many requests of each kind the simulator served. Read by tests and benchmarks.</summary>
public sealed class WixSimulatorCounters
{
    private long _clientCredentials;
    private long _authorizationCode;
    private long _refreshToken;
    private long _tokenInfo;
    private long _biEvents;
    private long _tokenRequests;
    private long _failedTokenRequests;
    private long _rateLimited;
    private long _earlyRetries;
    private long _codeReplays;
    private long _refreshRefused;

    /// <summary>Client-credentials tokens issued.</summary>
    public long ClientCredentials => Interlocked.Read(ref _clientCredentials);

    /// <summary>Authorization codes redeemed.</summary>
    public long AuthorizationCode => Interlocked.Read(ref _authorizationCode);

    /// <summary>Refresh-token grants served.</summary>
    public long RefreshToken => Interlocked.Read(ref _refreshToken);

    /// <summary>Token-info requests answered.</summary>
    public long TokenInfo => Interlocked.Read(ref _tokenInfo);

    /// <summary>BI events accepted.</summary>
    public long BiEvents => Interlocked.Read(ref _biEvents);

    /// <summary>Every request that reached <c>/oauth2/token</c> or <c>/oauth/access</c>, failed ones included.</summary>
    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    /// <summary>Token-endpoint requests answered with an error (injected or real).</summary>
    public long FailedTokenRequests => Interlocked.Read(ref _failedTokenRequests);

    /// <summary>Token-endpoint requests refused with 429 by <see cref="WixSimulatorControl.LimitTokenRequests"/>.</summary>
    public long RateLimitedTokenRequests => Interlocked.Read(ref _rateLimited);

    /// <summary>
    /// Token-endpoint requests presenting a credential (refresh token, code, instance ID) that was refused with 429
    /// and came back before its <c>Retry-After</c> had passed: a client not honouring the rate limit.
    /// </summary>
    public long RetriesBeforeRetryAfter => Interlocked.Read(ref _earlyRetries);

    /// <summary>Authorization codes presented again after they had been redeemed (each code is redeemable once).</summary>
    public long AuthorizationCodeReplays => Interlocked.Read(ref _codeReplays);

    /// <summary>Refresh-token grants refused with <c>invalid_grant</c> (unknown, revoked, or the app removed).</summary>
    public long RefreshTokensRefused => Interlocked.Read(ref _refreshRefused);

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _clientCredentials, 0);
        Interlocked.Exchange(ref _authorizationCode, 0);
        Interlocked.Exchange(ref _refreshToken, 0);
        Interlocked.Exchange(ref _tokenInfo, 0);
        Interlocked.Exchange(ref _biEvents, 0);
        Interlocked.Exchange(ref _tokenRequests, 0);
        Interlocked.Exchange(ref _failedTokenRequests, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _earlyRetries, 0);
        Interlocked.Exchange(ref _codeReplays, 0);
        Interlocked.Exchange(ref _refreshRefused, 0);
    }

    internal void CountClientCredentials() => Interlocked.Increment(ref _clientCredentials);

    internal void CountAuthorizationCode() => Interlocked.Increment(ref _authorizationCode);

    internal void CountRefreshToken() => Interlocked.Increment(ref _refreshToken);

    internal void CountTokenInfo() => Interlocked.Increment(ref _tokenInfo);

    internal void CountBiEvent() => Interlocked.Increment(ref _biEvents);

    internal void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    internal void CountFailedTokenRequest() => Interlocked.Increment(ref _failedTokenRequests);

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void CountRetryBeforeRetryAfter() => Interlocked.Increment(ref _earlyRetries);

    internal void CountAuthorizationCodeReplay() => Interlocked.Increment(ref _codeReplays);

    internal void CountRefreshTokenRefused() => Interlocked.Increment(ref _refreshRefused);
}
