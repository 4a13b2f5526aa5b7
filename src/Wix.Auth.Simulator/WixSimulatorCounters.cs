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
    }

    internal void CountClientCredentials() => Interlocked.Increment(ref _clientCredentials);

    internal void CountAuthorizationCode() => Interlocked.Increment(ref _authorizationCode);

    internal void CountRefreshToken() => Interlocked.Increment(ref _refreshToken);

    internal void CountTokenInfo() => Interlocked.Increment(ref _tokenInfo);

    internal void CountBiEvent() => Interlocked.Increment(ref _biEvents);

    internal void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    internal void CountFailedTokenRequest() => Interlocked.Increment(ref _failedTokenRequests);
}
