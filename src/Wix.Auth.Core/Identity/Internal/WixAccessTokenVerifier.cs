using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal.Identity;

/// <summary>
/// Verifies incoming tokens with Token Info (wix-protocol.md §4, §9): the answer must be active, for our app
/// (<c>clientId</c>, as the JS SDK's <c>elevated()</c> checks) and name an instance. Successes are cached by SHA-256 for
/// at most the cache duration and never past the token's expiry; concurrent verifications of one token share one
/// request; failures are handed to every waiter and never cached.
/// </summary>
/// <remarks>
/// The cache and the in-flight requests are keyed by <see cref="TokenKey"/> (a seeded 128-bit XXH3) and every hit is
/// confirmed against the token itself, so the hot path costs no SHA-256; the SHA-256 (<see cref="TokenHash"/>) is
/// computed only on the slow path, for the short form that log lines carry instead of the token.
/// </remarks>
internal sealed class WixAccessTokenVerifier : IWixAccessTokenVerifier
{
    private readonly IWixTokenClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<WixAccessTokenVerifier> _logger;
    private readonly string _appId;
    private readonly long _cacheTicks;
    private readonly int _capacity;
    private readonly int _maxLength;
    private readonly ConcurrentDictionary<UInt128, CachedIdentity> _cache = new();
    private readonly ConcurrentDictionary<UInt128, InFlightVerification> _inFlight = new();
    private readonly Lock _sweepLock = new();

    public WixAccessTokenVerifier(
        IWixTokenClient client,
        IOptions<WixAuthOptions> options,
        IOptions<WixAccessTokenVerificationOptions> verification,
        TimeProvider time,
        ILogger<WixAccessTokenVerifier> logger)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _appId = options.Value.AppId;
        _cacheTicks = verification.Value.CacheDuration.Ticks;
        _capacity = verification.Value.CacheSize;
        _maxLength = verification.Value.MaxTokenLength;
    }

    /// <summary>How many verified tokens are cached (for tests and diagnostics).</summary>
    internal int Count => _cache.Count;

    public ValueTask<WixIdentity> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0 || token.Length > _maxLength)
        {
            throw new WixAccessTokenVerificationException(WixAccessTokenVerificationErrorKind.Malformed, $"The access token is empty or longer than {_maxLength} characters.");
        }

        // Hot path: a non-cryptographic hash, one lookup, two comparisons; no allocation, no state machine.
        var key = TokenKey.Of(token);
        if (_cache.TryGetValue(key, out var cached) && _time.GetUtcNow().UtcTicks < cached.ValidUntilUtcTicks && cached.IsFor(token))
        {
            return new ValueTask<WixIdentity>(cached.Identity);
        }

        return VerifySharedAsync(key, token, cancellationToken);
    }

    private async ValueTask<WixIdentity> VerifySharedAsync(UInt128 key, string token, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            if (_inFlight.TryGetValue(key, out var running))
            {
                if (!running.IsFor(token))
                {
                    // Another token with the same key (a 2^-128 chance): verify this one on its own, uncached.
                    return await VerifyAloneAsync(token, cancellationToken).ConfigureAwait(false);
                }

                // WaitAsync: this caller may give up without cancelling the request the others wait for.
                return await running.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var flight = new InFlightVerification(token);
            if (!_inFlight.TryAdd(key, flight))
            {
                continue;
            }

            // A request may have finished between our cache miss and TryAdd; do not ask Wix again.
            if (_cache.TryGetValue(key, out var cached) && _time.GetUtcNow().UtcTicks < cached.ValidUntilUtcTicks && cached.IsFor(token))
            {
                _inFlight.TryRemove(new KeyValuePair<UInt128, InFlightVerification>(key, flight));
                flight.Completion.SetResult(cached.Identity);
                return cached.Identity;
            }

            _ = AskWixAsync(key, token, flight);
            return await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<WixIdentity> VerifyAloneAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHash.Of(token);
        try
        {
            var info = await _client.GetTokenInfoAsync(token, cancellationToken).ConfigureAwait(false);
            return Accept(hash, info);
        }
        catch (WixTokenException ex)
        {
            throw Translate(hash, ex);
        }
    }

    private async Task AskWixAsync(UInt128 key, string token, InFlightVerification flight)
    {
        var completion = flight.Completion;
        var hash = TokenHash.Of(token);
        try
        {
            // Not the caller's token: the request is shared, and bounded by the token client's total timeout.
            var info = await _client.GetTokenInfoAsync(token, CancellationToken.None).ConfigureAwait(false);
            var identity = Accept(hash, info);
            Store(key, token, identity);
            completion.SetResult(identity);
        }
        catch (WixTokenException ex)
        {
            completion.SetException(Translate(hash, ex));
        }
#pragma warning disable CA1031 // Every failure is handed to the waiters, none is swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            completion.SetException(ex);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<UInt128, InFlightVerification>(key, flight));

            // Observed here so that a failure whose waiters all gave up is not reported as unobserved.
            _ = completion.Task.Exception;
        }
    }

    private WixIdentity Accept(TokenHash key, WixTokenInfo info)
    {
        var now = _time.GetUtcNow();
        if (!info.Active || info.ExpiresAt <= now)
        {
            throw Refuse(key, WixAccessTokenVerificationErrorKind.Inactive, "Wix says the access token is not active: it expired, was revoked or is not a Wix token.");
        }

        if (string.IsNullOrEmpty(_appId) || !string.Equals(info.ClientId, _appId, StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse(key, WixAccessTokenVerificationErrorKind.ForeignApp, "The access token was issued for another app (clientId is not Wix:AppId).");
        }

        if (string.IsNullOrEmpty(info.InstanceId))
        {
            throw Refuse(key, WixAccessTokenVerificationErrorKind.NoInstance, "The access token names no app instance.");
        }

        var identity = new WixIdentity
        {
            InstanceId = info.InstanceId,
            SubjectType = ParseSubjectType(info.SubjectType),
            SubjectId = info.SubjectId,
            SiteId = info.SiteId,
            ExpiresAt = info.ExpiresAt,
            Source = WixIdentitySource.AccessToken,
        };
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            IdentityLog.TokenVerified(_logger, key.ToShortString(), identity.SubjectType, identity.InstanceId);
        }

        return identity;
    }

    private void Store(UInt128 key, string token, WixIdentity identity)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var until = now + _cacheTicks;
        if (identity.ExpiresAt is { } expiresAt && expiresAt.UtcTicks < until)
        {
            until = expiresAt.UtcTicks;
        }

        if (until <= now)
        {
            return;
        }

        if (!_cache.ContainsKey(key) && _cache.Count >= _capacity && !Sweep(now))
        {
            // Full of live entries: not caching costs one more Token Info call later, evicting would cost the same.
            return;
        }

        _cache[key] = new CachedIdentity(token, identity, until);
    }

    /// <summary>Drops expired entries; true when room was made.</summary>
    private bool Sweep(long nowTicks)
    {
        lock (_sweepLock)
        {
            foreach (var pair in _cache)
            {
                if (pair.Value.ValidUntilUtcTicks <= nowTicks)
                {
                    _cache.TryRemove(pair);
                }
            }

            return _cache.Count < _capacity;
        }
    }

    private WixAccessTokenVerificationException Translate(TokenHash key, WixTokenException ex)
    {
        // No answer, or an answer that is not Token Info's: the token's state is unknown, and unknown is never active.
        if (ex.Kind is WixTokenErrorKind.Transient or WixTokenErrorKind.Protocol)
        {
            IdentityLog.TokenInfoUnavailable(_logger, key.ToShortString(), ex.Kind, ex.StatusCode);
            return new WixAccessTokenVerificationException(WixAccessTokenVerificationErrorKind.Unavailable, "Wix Token Info could not be asked; the token's state is unknown.", ex, ex.RetryAfter);
        }

        // A 4xx: whether Wix answers an unknown token with {active:false} or a 4xx is undocumented (§4); both mean "no".
        return Refuse(key, WixAccessTokenVerificationErrorKind.Inactive, "Wix refused to describe the access token; it is not a valid Wix token.", ex);
    }

    private WixAccessTokenVerificationException Refuse(TokenHash key, WixAccessTokenVerificationErrorKind kind, string message, Exception? inner = null)
    {
        IdentityLog.TokenRefused(_logger, key.ToShortString(), kind);
        return new WixAccessTokenVerificationException(kind, message, inner);
    }

    private static WixSubjectType ParseSubjectType(string? value) => value?.ToUpperInvariant() switch
    {
        "USER" => WixSubjectType.User,
        "MEMBER" => WixSubjectType.Member,
        "VISITOR" => WixSubjectType.Visitor,
        "APP" => WixSubjectType.App,
        _ => WixSubjectType.Unknown,
    };
}
