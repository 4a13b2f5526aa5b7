using System.Collections.Concurrent;

namespace Wix.Auth.Simulator.Internal.State;

/// <summary>
/// The refresh and access tokens Wix issued, and the access-token sequence that lets an uninstall or an expiry by the
/// control API reject every token issued before it.
/// </summary>
internal sealed class IssuedTokens(SimulatedSites sites, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RefreshTokenRecord> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessTokenRecord> _accessTokens = new(StringComparer.Ordinal);
    private long _accessTokenSequence;
    private volatile bool _refreshTokensForgotten;

    /// <summary>When set, every refresh token is answered as unknown; nothing is revoked.</summary>
    public bool RefreshTokensForgotten
    {
        get => _refreshTokensForgotten;
        set => _refreshTokensForgotten = value;
    }

    public long AccessTokenSequence => Interlocked.Read(ref _accessTokenSequence);

    public IEnumerable<RefreshTokenRecord> RefreshTokens => _refreshTokens.Values;

    public IEnumerable<AccessTokenRecord> AccessTokens => _accessTokens.Values;

    public AccessTokenRecord NewAccessToken(string instanceId, TimeSpan lifetime, string subjectType = "APP", string? subjectId = null, string? clientId = null)
    {
        var now = time.GetUtcNow();
        var record = new AccessTokenRecord(
            "OauthNG.JWS." + SecretTokens.Random(48), instanceId, now, now + lifetime, Interlocked.Increment(ref _accessTokenSequence), subjectType, subjectId, clientId);
        _accessTokens[record.Token] = record;
        return record;
    }

    public RefreshTokenRecord NewRefreshToken(string instanceId)
    {
        var record = new RefreshTokenRecord("OauthNG.JWS." + SecretTokens.Random(64), instanceId);
        _refreshTokens[record.Token] = record;
        return record;
    }

    public bool TryGetRefreshToken(string token, out RefreshTokenRecord record)
    {
        if (_refreshTokensForgotten)
        {
            record = null!;
            return false;
        }

        return _refreshTokens.TryGetValue(token, out record!);
    }

    public bool TryGetAccessToken(string token, out AccessTokenRecord record) => _accessTokens.TryGetValue(token, out record!);

    /// <summary>An access token the API gateway accepts: known, unexpired, instance installed, not expired by the control API.</summary>
    public bool IsAccessTokenValid(string token, out AccessTokenRecord record)
    {
        if (!_accessTokens.TryGetValue(token, out record!))
        {
            return false;
        }

        return record.ExpiresAt > time.GetUtcNow()
            && sites.TryGet(record.InstanceId, out var instance)
            && instance.Installed
            && record.Sequence >= Interlocked.Read(ref instance.AccessTokensValidFromSequence);
    }

    /// <summary>Makes every access token issued so far for the instance invalid.</summary>
    public void RevokeAccessTokens(SimulatedInstance instance) =>
        Interlocked.Exchange(ref instance.AccessTokensValidFromSequence, Interlocked.Increment(ref _accessTokenSequence) + 1);

    public void RevokeRefreshTokens(string instanceId)
    {
        foreach (var token in _refreshTokens.Values)
        {
            if (token.InstanceId == instanceId)
            {
                token.Revoked = true;
            }
        }
    }

    /// <summary>Puts back saved tokens into a simulator that has not issued any yet.</summary>
    public void Restore(IEnumerable<RefreshTokenRecord> refreshTokens, IEnumerable<AccessTokenRecord> accessTokens, long accessTokenSequence)
    {
        foreach (var token in refreshTokens)
        {
            _refreshTokens[token.Token] = token;
        }

        foreach (var token in accessTokens)
        {
            _accessTokens[token.Token] = token;
        }

        Interlocked.Exchange(ref _accessTokenSequence, accessTokenSequence);
    }
}
