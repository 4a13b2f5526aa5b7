using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Wix.Auth.Simulator.Internal;

namespace Wix.Auth.Simulator;

/// <summary>
/// The simulated Wix's state and its control surface: create and remove installations, inject faults,
/// read counters, mint signed values. The HTTP control API under <c>/_simulator/</c> drives the same object.
/// </summary>
public sealed partial class WixSimulatorControl
{
    private readonly ConcurrentDictionary<string, SimulatedInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshTokenRecord> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessTokenRecord> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MarketToken> _marketTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingConsent> _consents = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WixWebhookDelivery> _deliveries = new();
    private readonly ConcurrentQueue<string> _closedWindows = new();
    private readonly object _faultGate = new();
    private readonly InstanceSigner _instanceSigner;
    private readonly WebhookSigner _webhookSigner;
    private int _failuresLeft;
    private int _tokenInfoFailuresLeft;
    private int _tokenInfoFailureStatus;
    private int _failureStatus;
    private TimeSpan? _failureRetryAfter;
    private long _latencyTicks;
    private long _accessTokenSequence;
    private long _legacyLifetimeTicks;
    private volatile bool _rotateRefreshTokens;
    private volatile bool _refreshTokensForgotten;

    internal WixSimulatorControl(WixSimulatorOptions options, RSA webhookKey)
    {
        Options = options;
        _latencyTicks = 0;
        _legacyLifetimeTicks = options.LegacyAccessTokenLifetime.Ticks;
        _rotateRefreshTokens = options.RotateRefreshTokens;
        _instanceSigner = new InstanceSigner(options.AppSecret);
        _webhookSigner = new WebhookSigner(webhookKey);
        PublicKeyPem = webhookKey.ExportSubjectPublicKeyInfoPem();
    }

    internal WixSimulatorOptions Options { get; }

    internal TimeProvider Time => Options.TimeProvider;

    internal Func<string, string, string, Task>? WebhookDispatcher { get; set; }

    /// <summary>The registered app's ID.</summary>
    public string AppId => Options.AppId;

    /// <summary>The registered app's secret.</summary>
    public string AppSecret => Options.AppSecret;

    /// <summary>The app's webhook public key, SPKI PEM, as the Wix dashboard shows it.</summary>
    public string PublicKeyPem { get; }

    /// <summary>Counters of every grant served.</summary>
    public WixSimulatorCounters Counters { get; } = new();

    /// <summary>Added to every token-endpoint request.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>When on, a refresh answers with a new refresh token and revokes the one presented.</summary>
    public bool RotateRefreshTokens
    {
        get => _rotateRefreshTokens;
        set => _rotateRefreshTokens = value;
    }

    /// <summary>Lifetime of access tokens issued on <c>/oauth/access</c>.</summary>
    public TimeSpan LegacyAccessTokenLifetime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _legacyLifetimeTicks));
        set => Interlocked.Exchange(ref _legacyLifetimeTicks, value.Ticks);
    }

    /// <summary>Every webhook delivery attempt so far, oldest first.</summary>
    public IReadOnlyList<WixWebhookDelivery> WebhookDeliveries => _deliveries.ToArray();

    /// <summary>Instances that reached the close-window page with a valid access token.</summary>
    public IReadOnlyCollection<string> CompletedInstalls => _closedWindows.ToArray();

    /// <summary>Instances that sent <c>APP_FINISHED_CONFIGURATION</c>.</summary>
    public IReadOnlyCollection<string> ConfiguredInstances =>
        _instances.Values.Where(i => i.Configured).Select(i => i.InstanceId).ToArray();

    /// <summary>Creates a site with the app installed through basic OAuth (no refresh token) and returns its instance ID.</summary>
    public string CreateInstalledInstance()
    {
        var instance = NewInstance(originInstanceId: null);
        instance.Installed = true;
        return instance.InstanceId;
    }

    /// <summary>Issues a refresh token for an installed instance, as the install handshake would.</summary>
    public string IssueRefreshToken(string instanceId)
    {
        var instance = GetInstance(instanceId);
        if (!instance.Installed)
        {
            throw new InvalidOperationException($"Instance {instanceId} is not installed.");
        }

        return NewRefreshToken(instanceId).Token;
    }

    /// <summary>True when the app is installed on the instance's site.</summary>
    public bool IsInstalled(string instanceId) => _instances.TryGetValue(instanceId, out var i) && i.Installed;

    /// <summary>True when the refresh token is known and not revoked.</summary>
    public bool IsRefreshTokenActive(string refreshToken) =>
        TryGetRefreshToken(refreshToken, out var r) && !r.Revoked && IsInstalled(r.InstanceId);

    /// <summary>
    /// Answers every refresh token as unknown (<c>invalid_grant</c>) until <see cref="RememberRefreshTokens"/>: a local
    /// Wix restarted without its state, or a Wix-side fault. Nothing is revoked; the tokens work again afterwards.
    /// </summary>
    public void ForgetRefreshTokens() => _refreshTokensForgotten = true;

    /// <summary>Ends <see cref="ForgetRefreshTokens"/>: the refresh tokens issued before are accepted again.</summary>
    public void RememberRefreshTokens() => _refreshTokensForgotten = false;

    /// <summary>Uninstalls the app: revokes refresh and access tokens and sends <c>AppRemoved</c>.</summary>
    public void Uninstall(string instanceId)
    {
        var instance = GetInstance(instanceId);
        instance.Installed = false;
        RevokeAccessTokens(instance);
        foreach (var token in _refreshTokens.Values)
        {
            if (token.InstanceId == instanceId)
            {
                token.Revoked = true;
            }
        }

        SendWebhook("AppRemoved", instanceId, $$"""{"appId":"{{AppId}}"}""");
    }

    /// <summary>Installs the app again on the same site (the instance ID persists); old refresh tokens stay revoked.</summary>
    public void Reinstall(string instanceId)
    {
        var instance = GetInstance(instanceId);
        if (!instance.Installed)
        {
            instance.Installed = true;
            SendWebhook("AppInstalled", instanceId, $$"""{"appId":"{{AppId}}"}""");
        }
    }

    /// <summary>Clones the site: a new installed instance that remembers its origin and has no refresh token.</summary>
    public string CloneSite(string instanceId)
    {
        _ = GetInstance(instanceId);
        var clone = NewInstance(originInstanceId: instanceId);
        clone.Installed = true;
        SendWebhook("AppInstalled", clone.InstanceId, $$"""{"appId":"{{AppId}}","originInstanceId":"{{instanceId}}"}""");
        return clone.InstanceId;
    }

    /// <summary>Makes the next <paramref name="count"/> token-endpoint requests fail with <paramref name="statusCode"/>.</summary>
    public void FailNextTokenRequests(int count, int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_faultGate)
        {
            Volatile.Write(ref _failuresLeft, count);
            _failureStatus = statusCode;
            _failureRetryAfter = retryAfter;
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> Token Info requests fail with <paramref name="statusCode"/>: Token Info
    /// out of service while the token endpoints work (a handshake that must fail closed).
    /// </summary>
    public void FailNextTokenInfoRequests(int count, int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_faultGate)
        {
            Volatile.Write(ref _tokenInfoFailuresLeft, count);
            _tokenInfoFailureStatus = statusCode;
        }
    }

    /// <summary>Makes every access token issued so far for the instance be rejected with 401 by the API gateway.</summary>
    public void ExpireAccessTokens(string instanceId) => RevokeAccessTokens(GetInstance(instanceId));

    /// <summary>Where the simulator listens, once started.</summary>
    public Uri? BaseUrl { get; internal set; }

    /// <summary>The App Market's "install" link on this simulator (a reinstall on the site when <paramref name="instanceId"/> is given).</summary>
    public Uri CreateMarketInstallUrl(string? instanceId = null) =>
        CreateMarketInstallUrl(BaseUrl ?? throw new InvalidOperationException("The simulator has not started yet."), instanceId);

    /// <summary>The App Market's "install" link: it sends the browser to the App URL with a fresh one-time <c>token</c>.</summary>
    public Uri CreateMarketInstallUrl(Uri simulatorBaseUrl, string? instanceId = null)
    {
        ArgumentNullException.ThrowIfNull(simulatorBaseUrl);
        var query = instanceId is null ? string.Empty : "?instanceId=" + Uri.EscapeDataString(instanceId);
        return new Uri(simulatorBaseUrl, "/_simulator/market/install" + query);
    }

    /// <summary>Mints a signed <c>instance</c> parameter (HMAC-SHA256 with the app secret), as Wix puts on dashboard URLs.</summary>
    public string CreateSignedInstance(string instanceId, SignedInstanceFormat format = SignedInstanceFormat.UnpaddedBase64Url, string? appDefId = null, string? aid = null)
    {
        var instance = GetInstance(instanceId);
        var now = Time.GetUtcNow();
        return _instanceSigner.Sign(new SignedInstancePayload(
            instanceId,
            appDefId ?? AppId,
            now,
            now.AddHours(4),
            instance.SiteId,
            aid), format);
    }

    /// <summary>Mints a webhook body: an RS256 JWT over Wix's three nested layers, signed with the app's webhook key.</summary>
    public string CreateWebhookJwt(string eventType, string instanceId, string innerDataJson, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null) =>
        _webhookSigner.Sign(eventType, instanceId, innerDataJson, issuedAt ?? Time.GetUtcNow(), lifetime ?? TimeSpan.FromHours(1));

    /// <summary>Waits until the app acknowledged (200) a webhook of <paramref name="eventType"/> for the instance.</summary>
    public async Task<WixWebhookDelivery> WaitForWebhookAsync(string eventType, string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            var delivery = _deliveries.FirstOrDefault(d => d.EventType == eventType && d.InstanceId == instanceId && d.Acknowledged);
            if (delivery is not null)
            {
                return delivery;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No acknowledged {eventType} webhook for {instanceId} within {timeout}.");
            }
        }
    }

    private void RevokeAccessTokens(SimulatedInstance instance) =>
        Interlocked.Exchange(ref instance.AccessTokensValidFromSequence, Interlocked.Increment(ref _accessTokenSequence) + 1);

    internal SimulatedInstance NewInstance(string? originInstanceId)
    {
        var instance = new SimulatedInstance(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), originInstanceId);
        _instances[instance.InstanceId] = instance;
        return instance;
    }

    internal SimulatedInstance GetInstance(string instanceId) =>
        _instances.TryGetValue(instanceId, out var instance)
            ? instance
            : throw new KeyNotFoundException($"Unknown instance {instanceId}.");

    internal bool TryGetInstance(string instanceId, out SimulatedInstance instance) => _instances.TryGetValue(instanceId, out instance!);

    internal bool TryTakeTokenInfoFault(out int statusCode)
    {
        statusCode = 0;
        if (Volatile.Read(ref _tokenInfoFailuresLeft) == 0)
        {
            return false;
        }

        lock (_faultGate)
        {
            if (_tokenInfoFailuresLeft == 0)
            {
                return false;
            }

            _tokenInfoFailuresLeft--;
            statusCode = _tokenInfoFailureStatus;
            return true;
        }
    }

    internal bool TryTakeFault(out int statusCode, out TimeSpan? retryAfter)
    {
        // Hot path of the load test: no lock unless a fault is armed.
        if (Volatile.Read(ref _failuresLeft) == 0)
        {
            statusCode = 0;
            retryAfter = null;
            return false;
        }

        lock (_faultGate)
        {
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                statusCode = _failureStatus;
                retryAfter = _failureRetryAfter;
                return true;
            }
        }

        statusCode = 0;
        retryAfter = null;
        return false;
    }

    internal AccessTokenRecord NewAccessToken(string instanceId, TimeSpan lifetime, string subjectType = "APP", string? subjectId = null, string? clientId = null)
    {
        var now = Time.GetUtcNow();
        var record = new AccessTokenRecord("OauthNG.JWS." + RandomToken(48), instanceId, now, now + lifetime, Interlocked.Increment(ref _accessTokenSequence), subjectType, subjectId, clientId);
        _accessTokens[record.Token] = record;
        return record;
    }

    internal RefreshTokenRecord NewRefreshToken(string instanceId)
    {
        var record = new RefreshTokenRecord("OauthNG.JWS." + RandomToken(64), instanceId);
        _refreshTokens[record.Token] = record;
        return record;
    }

    internal bool TryGetRefreshToken(string token, out RefreshTokenRecord record)
    {
        if (_refreshTokensForgotten)
        {
            record = null!;
            return false;
        }

        return _refreshTokens.TryGetValue(token, out record!);
    }

    internal bool TryGetAccessToken(string token, out AccessTokenRecord record) => _accessTokens.TryGetValue(token, out record!);

    /// <summary>An access token the API gateway accepts: known, unexpired, instance installed, not expired by the control API.</summary>
    internal bool IsAccessTokenValid(string token, out AccessTokenRecord record)
    {
        if (!_accessTokens.TryGetValue(token, out record!))
        {
            return false;
        }

        return record.ExpiresAt > Time.GetUtcNow()
            && _instances.TryGetValue(record.InstanceId, out var instance)
            && instance.Installed
            && record.Sequence >= Interlocked.Read(ref instance.AccessTokensValidFromSequence);
    }

    internal AuthorizationCode NewCode(string instanceId)
    {
        var code = new AuthorizationCode(RandomToken(32), instanceId, Time.GetUtcNow().AddMinutes(10));
        _codes[code.Code] = code;
        return code;
    }

    internal bool TryGetCode(string code, out AuthorizationCode record) => _codes.TryGetValue(code, out record!);

    internal MarketToken NewMarketToken(string? instanceId)
    {
        var token = new MarketToken(RandomToken(24), instanceId, Time.GetUtcNow().AddMinutes(10));
        _marketTokens[token.Token] = token;
        return token;
    }

    internal bool TryGetMarketToken(string token, out MarketToken record) => _marketTokens.TryGetValue(token, out record!);

    internal PendingConsent NewConsent(string redirectUrl, string? state, MarketToken? marketToken)
    {
        var consent = new PendingConsent(RandomToken(24), redirectUrl, state, marketToken);
        _consents[consent.Id] = consent;
        return consent;
    }

    internal bool TryTakeConsent(string id, out PendingConsent consent) => _consents.TryRemove(id, out consent!);

    internal bool TryVerifySignedInstance(string value, out SignedInstancePayload payload) => _instanceSigner.TryVerify(value, out payload);

    internal void RecordDelivery(WixWebhookDelivery delivery) => _deliveries.Enqueue(delivery);

    internal void RecordClosedWindow(string instanceId) => _closedWindows.Enqueue(instanceId);

    /// <summary>
    /// Sends any app-instance webhook (e.g. <c>PaidPlanPurchased</c>) to the app's webhook URL in the background, with
    /// the usual timeout and retries; await it with <see cref="WaitForWebhookAsync"/>. Nothing is sent without a webhook URL.
    /// </summary>
    public void SendWebhook(string eventType, string instanceId, string innerDataJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(innerDataJson);
        if (WebhookDispatcher is { } dispatch)
        {
            _ = dispatch(eventType, instanceId, innerDataJson);
        }
    }

    internal static string RandomToken(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Base64Url.EncodeToString(buffer);
    }

    internal static bool SecretEquals(string? presented, string expected)
    {
        if (presented is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
