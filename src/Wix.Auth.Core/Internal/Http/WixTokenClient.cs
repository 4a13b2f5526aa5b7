using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Wix.Auth.Internal.Json;
using Wix.Auth.Internal.Telemetry;

namespace Wix.Auth.Internal.Http;

/// <summary>
/// The one backchannel to Wix's token endpoints. Retries, timeouts and the redirect ban live in the
/// HttpClient's pipeline (see <c>WixAuthServiceCollectionExtensions</c>); this class shapes requests and
/// turns every answer that is not a usable token into a <see cref="WixTokenException"/>.
/// </summary>
internal sealed class WixTokenClient : IWixTokenClient
{
    private const string AuthorizationCodeGrant = "authorization_code";
    private const string TokenInfoOperation = "token-info";

    /// <summary>The longest access-token lifetime believed: Wix documents 4 hours at most; a day is generous.</summary>
    private static readonly TimeSpan MaxAccessTokenLifetime = TimeSpan.FromHours(24);

    private readonly HttpClient _http;
    private readonly WixAuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WixTokenClient> _logger;
    private readonly WixAuthMetrics _metrics;
    private readonly Uri _tokenUri;
    private readonly Uri _legacyAccessUri;
    private readonly Uri _tokenInfoUri;

    public WixTokenClient(HttpClient http, IOptions<WixAuthOptions> options, TimeProvider time, ILogger<WixTokenClient> logger, WixAuthMetrics metrics)
    {
        _http = http;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var root = _options.ApiBaseUrl.AbsoluteUri.TrimEnd('/');
        _tokenUri = new Uri(root + "/oauth2/token");
        _legacyAccessUri = new Uri(root + "/oauth/access");
        _tokenInfoUri = new Uri(root + "/oauth2/token-info");
    }

    public async Task<WixTokenResponse> RequestClientCredentialsTokenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var body = new ClientCredentialsRequest(WixAuthStrategyNames.ClientCredentials, _options.AppId, _options.AppSecret, instanceId);
        return await MeasuredAsync(WixAuthStrategyNames.ClientCredentials, instanceId, async () =>
        {
            var response = await PostAsync(_tokenUri, WixAuthStrategyNames.ClientCredentials, body, WixJsonContext.Default.ClientCredentialsRequest, retry: true, sensitive: null, instanceId, cancellationToken).ConfigureAwait(false);
            return ToTokenResponse(response, WixAuthStrategyNames.ClientCredentials, legacy: false, sensitive: null);
        }).ConfigureAwait(false);
    }

    public async Task<WixTokenResponse> RedeemAuthorizationCodeAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var body = new AuthorizationCodeRequest(AuthorizationCodeGrant, _options.AppId, _options.AppSecret, code);
        return await MeasuredAsync(AuthorizationCodeGrant, instanceId: null, async () =>
        {
            var response = await PostAsync(_legacyAccessUri, AuthorizationCodeGrant, body, WixJsonContext.Default.AuthorizationCodeRequest, retry: false, code, instanceId: null, cancellationToken).ConfigureAwait(false);
            return ToTokenResponse(response, AuthorizationCodeGrant, legacy: true, code);
        }).ConfigureAwait(false);
    }

    public Task<WixTokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        RefreshAsync(refreshToken, instanceId: null, cancellationToken);

    public async Task<WixTokenResponse> RefreshAsync(string refreshToken, string? instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var body = new RefreshTokenRequest(WixAuthStrategyNames.RefreshToken, _options.AppId, _options.AppSecret, refreshToken);
        return await MeasuredAsync(WixAuthStrategyNames.RefreshToken, instanceId, async () =>
        {
            var response = await PostAsync(_legacyAccessUri, WixAuthStrategyNames.RefreshToken, body, WixJsonContext.Default.RefreshTokenRequest, retry: true, refreshToken, instanceId, cancellationToken).ConfigureAwait(false);
            return ToTokenResponse(response, WixAuthStrategyNames.RefreshToken, legacy: true, refreshToken);
        }).ConfigureAwait(false);
    }

    public Task<WixTokenInfo> GetTokenInfoAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return MeasuredAsync(TokenInfoOperation, instanceId: null, () => TokenInfoAsync(token, cancellationToken));
    }

    private async Task<WixTokenInfo> TokenInfoAsync(string token, CancellationToken cancellationToken)
    {
        var bytes = await SendAsync(_tokenInfoUri, TokenInfoOperation, JsonSerializer.SerializeToUtf8Bytes(new TokenInfoRequest(token), WixJsonContext.Default.TokenInfoRequest), retry: true, token, instanceId: null, cancellationToken).ConfigureAwait(false);
        var info = Deserialize(bytes.Body, WixJsonContext.Default.TokenInfoResponse, TokenInfoOperation, bytes.RequestId)
            ?? throw Failure(TokenInfoOperation, WixTokenErrorKind.Protocol, "Wix token-info answered an empty body.", 200, null, null, bytes.RequestId, null);
        if (info.Error is not null)
        {
            throw Failure(TokenInfoOperation, WixTokenErrorKind.Protocol, "Wix token-info answered 200 with an error.", 200, Redact(info.Error, token), null, bytes.RequestId, null);
        }

        return new WixTokenInfo
        {
            Active = info.Active,
            SubjectType = info.SubjectType,
            SubjectId = info.SubjectId,
            ExpiresAt = info.Exp is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : null,
            IssuedAt = info.Iat is { } iat ? DateTimeOffset.FromUnixTimeSeconds(iat) : null,
            ClientId = info.ClientId,
            AccountId = info.AccountId,
            SiteId = info.SiteId,
            InstanceId = info.InstanceId,
            VendorProductId = info.VendorProductId,
        };
    }

    // One span and one measurement per operation, retries included: what the caller waited for, and how it ended.
    private async Task<T> MeasuredAsync<T>(string grant, string? instanceId, Func<Task<T>> operation)
    {
        using var activity = WixAuthActivities.Source.StartActivity(WixAuthActivities.TokenRequest, ActivityKind.Client);
        activity?.SetTag(WixAuthActivities.GrantAttribute, grant);
        if (instanceId is not null)
        {
            activity?.SetTag(WixAuthActivities.InstanceIdAttribute, instanceId);
        }

        var started = _time.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await operation().ConfigureAwait(false);
            outcome = "success";
            return result;
        }
        catch (WixTokenException ex)
        {
            outcome = WixAuthMetrics.Outcome(ex.Kind);
            activity?.SetTag(WixAuthActivities.RequestIdAttribute, ex.RequestId);
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            activity?.SetTag(WixAuthActivities.OutcomeAttribute, outcome);
            _metrics.TokenRequested(grant, outcome, _time.GetElapsedTime(started));
        }
    }

    private async Task<TokenEndpointResponse> PostAsync<T>(Uri uri, string grant, T body, JsonTypeInfo<T> typeInfo, bool retry, string? sensitive, string? instanceId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(uri, grant, JsonSerializer.SerializeToUtf8Bytes(body, typeInfo), retry, sensitive, instanceId, cancellationToken).ConfigureAwait(false);
        return Deserialize(answer.Body, WixJsonContext.Default.TokenEndpointResponse, grant, answer.RequestId)
            ?? throw Failure(grant, WixTokenErrorKind.Protocol, "Wix answered an empty token body.", 200, null, null, answer.RequestId, null);
    }

    private async Task<(byte[] Body, string? RequestId)> SendAsync(Uri uri, string grant, byte[] json, bool retry, string? sensitive, string? instanceId, CancellationToken cancellationToken)
    {
        Log.TokenRequestStarting(_logger, grant, uri.AbsolutePath);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Options.Set(WixTokenRequestOptions.DoNotRetry, !retry);
        request.Options.Set(WixTokenRequestOptions.InstanceId, instanceId);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            throw Failure(grant, WixTokenErrorKind.Transient, $"The Wix token request ({grant}) timed out.", null, null, null, null, null, ex);
        }
        catch (WixRateLimitedException ex)
        {
            // Not sent (a code stays unspent, a refresh token unpresented): the caller comes back after Retry-After.
            throw Failure(grant, WixTokenErrorKind.Transient, $"Wix is rate-limiting token requests; this one was not sent ({grant}).", null, null, null, null, ex.RetryAfter, ex);
        }
        catch (BrokenCircuitException ex)
        {
            // Wix kept failing: the request was not sent (a code stays unspent), the caller may come back later.
            throw Failure(grant, WixTokenErrorKind.Transient, $"The Wix token endpoint is failing; requests are paused ({grant}).", null, null, null, null, ex.RetryAfter, ex);
        }
        catch (HttpRequestException ex)
        {
            // The inner exception is kept for diagnosis: socket errors carry no request content.
            throw Failure(grant, WixTokenErrorKind.Transient, $"The Wix token endpoint could not be reached ({grant}): {ex.HttpRequestError}.", null, null, null, null, null, ex);
        }

        using (response)
        {
            var requestId = response.Headers.TryGetValues("x-wix-request-id", out var ids) ? ids.FirstOrDefault() : null;
            Activity.Current?.SetTag(WixAuthActivities.RequestIdAttribute, requestId);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                // Never followed: a 307/308 would re-post the app secret to wherever Location points (checklist C2).
                throw Failure(grant, WixTokenErrorKind.Protocol, $"Wix answered a redirect ({status}) to a token request; redirects are not followed.", status, null, null, requestId, null);
            }

            var bytes = await ReadBoundedAsync(response, grant, requestId, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (bytes, requestId);
            }

            var error = TryDeserializeError(bytes);
            var kind = Classify(status, error?.Error);
            var retryAfter = RetryAfterHeader.Delay(response, _time);
            var description = Redact(error?.ErrorDescription ?? error?.Message, sensitive);
            throw Failure(grant, kind, $"Wix refused the token request ({grant}) with {status}{(error?.Error is { } e ? " " + e : string.Empty)}.", status, Redact(error?.Error, sensitive), description, requestId, retryAfter);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string grant, string? requestId, CancellationToken cancellationToken)
    {
        var cap = _options.MaxResponseBytes;
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentLength > cap)
        {
            throw Failure(grant, WixTokenErrorKind.Protocol, $"The Wix token response exceeds {cap} bytes.", status, null, null, requestId, null);
        }

        // Content-Length may be absent (chunked) or lie, so the cap is enforced while reading too.
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(cap + 1, 16 * 1024)];
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, cap + 1));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > cap)
                {
                    throw Failure(grant, WixTokenErrorKind.Protocol, $"The Wix token response exceeds {cap} bytes.", status, null, null, requestId, null);
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    private WixTokenResponse ToTokenResponse(TokenEndpointResponse body, string grant, bool legacy, string? sensitive)
    {
        // RFC 6749 §5.1/§5.2: a 200 that carries an error, or no token, is not a success.
        if (body.Error is not null)
        {
            throw Failure(grant, Classify(400, body.Error), $"Wix answered 200 with an error to the token request ({grant}).", 200, Redact(body.Error, sensitive), Redact(body.ErrorDescription ?? body.Message, sensitive), null, null);
        }

        if (string.IsNullOrEmpty(body.AccessToken))
        {
            throw Failure(grant, WixTokenErrorKind.Protocol, $"Wix answered 200 without an access_token ({grant}).", 200, null, null, null, null);
        }

        var now = _time.GetUtcNow();
        var lifetime = Lifetime(body.ExpiresIn, grant, legacy);
        var result = new WixTokenResponse(body.AccessToken, string.IsNullOrEmpty(body.RefreshToken) ? null : body.RefreshToken, now + lifetime);
        Log.TokenRequestSucceeded(_logger, grant, result.ExpiresAt);
        return result;
    }

    /// <summary>
    /// The access token's lifetime. Wix documents 4 hours (client credentials) and 5 minutes (legacy): a value at or below
    /// zero or above <see cref="MaxAccessTokenLifetime"/> is a protocol error. For client credentials that fails the
    /// request (nothing is lost, it can be asked again). The legacy grants' answer carries a refresh token that cannot
    /// be asked for again (a spent code, a rotated refresh token), so there the lifetime Wix omitted or garbled is replaced
    /// by the configured legacy one and logged, rather than throwing the refresh token away.
    /// </summary>
    private TimeSpan Lifetime(long? expiresIn, string grant, bool legacy)
    {
        if (expiresIn is null)
        {
            return legacy ? _options.LegacyAccessTokenLifetime : throw Failure(grant, WixTokenErrorKind.Protocol, $"Wix answered without expires_in ({grant}).", 200, null, null, null, null);
        }

        if (expiresIn > 0 && expiresIn <= (long)MaxAccessTokenLifetime.TotalSeconds)
        {
            return TimeSpan.FromSeconds(expiresIn.Value);
        }

        var shown = expiresIn == ExpiresInConverter.Unusable ? "not an integer" : expiresIn.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!legacy)
        {
            throw Failure(grant, WixTokenErrorKind.Protocol, $"Wix answered an expires_in outside 1..{(long)MaxAccessTokenLifetime.TotalSeconds} seconds ({shown}, {grant}).", 200, null, null, null, null);
        }

        Log.ExpiresInOutOfRange(_logger, grant, shown, _options.LegacyAccessTokenLifetime);
        return _options.LegacyAccessTokenLifetime;
    }

    private T? Deserialize<T>(byte[] body, JsonTypeInfo<T> typeInfo, string grant, string? requestId)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException ex)
        {
            // JsonException's message can quote the offending text, which may be a token: keep only its position.
            throw Failure(grant, WixTokenErrorKind.Protocol, $"Wix answered malformed JSON to the token request ({grant}) at byte {ex.BytePositionInLine}.", 200, null, null, requestId, null);
        }
    }

    private static TokenEndpointResponse? TryDeserializeError(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, WixJsonContext.Default.TokenEndpointResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static WixTokenErrorKind Classify(int status, string? error) => (status, error) switch
    {
        (_, "invalid_grant") => WixTokenErrorKind.InvalidGrant,
        (_, "invalid_client" or "unauthorized_client") => WixTokenErrorKind.InvalidClient,
        (401, _) => WixTokenErrorKind.InvalidClient,
        (408 or 429, _) or (>= 500, _) => WixTokenErrorKind.Transient,
        (>= 400 and < 500, _) => WixTokenErrorKind.InvalidRequest,
        _ => WixTokenErrorKind.Protocol,
    };

    // Wix may echo request fields in error text; the app secret and the grant's secret value never leave this class.
    private string? Redact(string? text, string? sensitive)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (_options.AppSecret.Length > 0)
        {
            text = text.Replace(_options.AppSecret, "[redacted]", StringComparison.Ordinal);
        }

        return string.IsNullOrEmpty(sensitive) ? text : text.Replace(sensitive, "[redacted]", StringComparison.Ordinal);
    }

    private WixTokenException Failure(string grant, WixTokenErrorKind kind, string message, int? status, string? error, string? description, string? requestId, TimeSpan? retryAfter, Exception? inner = null)
    {
        Log.TokenRequestFailed(_logger, grant, kind, status, error, requestId);
        var full = description is null ? message : $"{message} {description}";
        if (requestId is not null)
        {
            full += $" (x-wix-request-id: {requestId})";
        }

        return new WixTokenException(kind, full, status, error, description, requestId, retryAfter, inner);
    }
}
