using System.Collections.Concurrent;

namespace Wix.Auth.Simulator.Internal.State;

/// <summary>
/// The short-lived values of an install in progress: App Market tokens, consents shown and not yet answered, and
/// authorization codes not yet redeemed. Not persisted: a restarted Wix would not honour them either.
/// </summary>
internal sealed class PendingGrants(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MarketToken> _marketTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingConsent> _consents = new(StringComparer.Ordinal);

    public AuthorizationCode NewCode(string instanceId)
    {
        var code = new AuthorizationCode(SecretTokens.Random(32), instanceId, time.GetUtcNow() + Lifetime);
        _codes[code.Code] = code;
        return code;
    }

    public bool TryGetCode(string code, out AuthorizationCode record) => _codes.TryGetValue(code, out record!);

    public MarketToken NewMarketToken(string? instanceId)
    {
        var token = new MarketToken(SecretTokens.Random(24), instanceId, time.GetUtcNow() + Lifetime);
        _marketTokens[token.Token] = token;
        return token;
    }

    public bool TryGetMarketToken(string token, out MarketToken record) => _marketTokens.TryGetValue(token, out record!);

    public PendingConsent NewConsent(string redirectUrl, string? state, MarketToken? marketToken)
    {
        var consent = new PendingConsent(SecretTokens.Random(24), redirectUrl, state, marketToken);
        _consents[consent.Id] = consent;
        return consent;
    }

    /// <summary>Takes the consent out, so that it can be answered once.</summary>
    public bool TryTakeConsent(string id, out PendingConsent consent) => _consents.TryRemove(id, out consent!);
}
