using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wix.Auth.Simulator.Internal;

namespace Wix.Auth.Simulator.Endpoints;

/// <summary><c>/oauth2/token</c>, <c>/oauth/access</c> and <c>/oauth2/token-info</c> (wix-protocol.md §2–§4).</summary>
internal static class OAuthEndpoints
{
    private static readonly TimeSpan ClientCredentialsLifetime = TimeSpan.FromHours(4);

    public static void MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth2/token", ClientCredentialsAsync);
        // One route serves both "/oauth/access" and "/oauth/access/": routing ignores a trailing slash,
        // and mapping both makes every request ambiguous (500).
        app.MapPost("/oauth/access", AccessAsync);
        app.MapPost("/oauth2/token-info", TokenInfoAsync);
    }

    private static async Task<IResult> ClientCredentialsAsync(HttpContext context, WixSimulatorControl control)
    {
        var (failure, body) = await ReadTokenRequestAsync(context, control).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var grantType = body.Get("grant_type", "grantType");
        if (grantType != "client_credentials")
        {
            return Fail(control, 400, "unsupported_grant_type", "grant_type must be client_credentials on this endpoint for apps.");
        }

        if (Authenticate(control, body) is { } clientError)
        {
            return clientError;
        }

        var instanceId = body.Get("instance_id", "instanceId");
        if (string.IsNullOrEmpty(instanceId))
        {
            return Fail(control, 400, "invalid_request", "instance_id is required.");
        }

        if (!control.Sites.TryGet(instanceId, out var instance) || !instance.Installed || control.Faults.IsClientCredentialsRefused(instanceId))
        {
            return Fail(control, 400, "invalid_grant", "The app is not installed on this instance.");
        }

        var token = control.Tokens.NewAccessToken(instanceId, ClientCredentialsLifetime);
        control.Counters.CountClientCredentials();
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token.Token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)ClientCredentialsLifetime.TotalSeconds,
        });
    }

    private static async Task<IResult> AccessAsync(HttpContext context, WixSimulatorControl control)
    {
        var (failure, body) = await ReadTokenRequestAsync(context, control).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        if (Authenticate(control, body) is { } clientError)
        {
            return clientError;
        }

        return body.Get("grant_type", "grantType") switch
        {
            "authorization_code" => RedeemCode(control, body.Get("code", "code")),
            "refresh_token" => Refresh(control, body.Get("refresh_token", "refreshToken")),
            _ => Fail(control, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token."),
        };
    }

    private static IResult RedeemCode(WixSimulatorControl control, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return Fail(control, 400, "invalid_request", "code is required.");
        }

        if (!control.Grants.TryGetCode(code, out var record))
        {
            return Fail(control, 400, "invalid_grant", "Unknown authorization code.");
        }

        if (record.ExpiresAt <= control.Time.GetUtcNow())
        {
            return Fail(control, 400, "invalid_grant", "The authorization code expired.");
        }

        if (Interlocked.Exchange(ref record.Used, 1) == 1)
        {
            control.Counters.CountAuthorizationCodeReplay();
            return Fail(control, 400, "invalid_grant", "The authorization code was already used.");
        }

        if (!control.IsInstalled(record.InstanceId))
        {
            return Fail(control, 400, "invalid_grant", "The app is not installed on this instance.");
        }

        var refresh = control.Tokens.NewRefreshToken(record.InstanceId);
        var access = control.Tokens.NewAccessToken(record.InstanceId, control.LegacyAccessTokenLifetime);
        control.Counters.CountAuthorizationCode();
        return control.TryTakeAnswerFault("authorization_code", out var fault)
            ? new SpoiltAnswer(fault)
            : Results.Json(new Dictionary<string, string> { ["access_token"] = access.Token, ["refresh_token"] = refresh.Token });
    }

    private static IResult Refresh(WixSimulatorControl control, string? refreshToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return Fail(control, 400, "invalid_request", "refresh_token is required.");
        }

        if (!control.Tokens.TryGetRefreshToken(refreshToken, out var record) || record.Revoked || !control.IsInstalled(record.InstanceId))
        {
            control.Counters.CountRefreshTokenRefused();
            return Fail(control, 400, "invalid_grant", "The refresh token is invalid or revoked.");
        }

        var returned = record;
        if (control.RotateRefreshTokens)
        {
            // Strict rotation: the presented token dies now; a client that loses the new one is locked out.
            record.Revoked = true;
            returned = control.Tokens.NewRefreshToken(record.InstanceId);
        }

        var access = control.Tokens.NewAccessToken(record.InstanceId, control.LegacyAccessTokenLifetime);
        control.Counters.CountRefreshToken();
        return control.TryTakeAnswerFault("refresh_token", out var fault)
            ? new SpoiltAnswer(fault)
            : Results.Json(new Dictionary<string, string> { ["access_token"] = access.Token, ["refresh_token"] = returned.Token });
    }

    private static async Task<IResult> TokenInfoAsync(HttpContext context, WixSimulatorControl control)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var token = body?.Get("token", "token");
        if (string.IsNullOrEmpty(token))
        {
            return Responses.WixError(400, "MISSING_TOKEN", "token is required.");
        }

        control.Counters.CountTokenInfo();
        if (control.Faults.TryTakeTokenInfoFault(out var faultStatus))
        {
            return Responses.WixError(faultStatus, "TEMPORARILY_UNAVAILABLE", "Injected by the simulator.");
        }

        if (control.Tokens.TryGetAccessToken(token, out var access) && control.Sites.TryGet(access.InstanceId, out var instance))
        {
            return Results.Json(new Dictionary<string, object>
            {
                ["active"] = control.Tokens.IsAccessTokenValid(token, out _),
                ["subjectType"] = access.SubjectType,
                ["subjectId"] = access.SubjectId ?? control.AppId,
                ["exp"] = access.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["iat"] = access.IssuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["clientId"] = control.Faults.TakeForeignTokenInfoClientId() ?? access.ClientId ?? control.AppId,
                ["siteId"] = instance.SiteId,
                ["instanceId"] = control.Faults.TakeForeignTokenInfoInstanceId() ?? access.InstanceId,
            });
        }

        if (control.TryVerifySignedInstance(token, out var signed))
        {
            return Results.Json(new Dictionary<string, object>
            {
                ["active"] = signed.ExpirationDate > control.Time.GetUtcNow(),
                ["subjectType"] = signed.Aid is null ? "USER" : "VISITOR",
                ["subjectId"] = signed.Aid ?? signed.SiteOwnerId,
                ["exp"] = signed.ExpirationDate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["iat"] = signed.SignDate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["clientId"] = signed.AppDefId,
                ["instanceId"] = signed.InstanceId,
            });
        }

        return Results.Json(new Dictionary<string, object> { ["active"] = false });
    }

    /// <summary>What both token endpoints do first: count, inject faults, read the JSON (or form) body.</summary>
    private static async Task<(IResult? Failure, Dictionary<string, string> Body)> ReadTokenRequestAsync(HttpContext context, WixSimulatorControl control)
    {
        // Read first, so that the rate limit knows which credential a refused client presented (and answers before
        // the injected latency, as a gateway would).
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (RateLimited(context, control, body) is { } limited)
        {
            return (limited, []);
        }

        var fault = await BeginTokenRequestAsync(context, control).ConfigureAwait(false);
        if (fault is not null)
        {
            return (fault, []);
        }

        return body is null
            ? (Fail(control, 400, "invalid_request", "The body must be a JSON object."), [])
            : (null, body);
    }

    /// <summary>Counts the request and refuses it with 429 when it is over <see cref="WixSimulatorControl.LimitTokenRequests"/>.</summary>
    private static IResult? RateLimited(HttpContext context, WixSimulatorControl control, Dictionary<string, string>? body)
    {
        control.Counters.CountTokenRequest();
        var credential = body is null ? null : body.Get("refresh_token", "refreshToken") ?? body.Get("code", "code") ?? body.Get("instance_id", "instanceId");
        var admitted = control.RateLimit.TryAdmit(credential, out var retryAfter, out var early);
        if (early)
        {
            control.Counters.CountRetryBeforeRetryAfter();
        }

        if (admitted)
        {
            return null;
        }

        control.Counters.CountRateLimited();
        context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Fail(control, 429, "too_many_requests", "Rate limit exceeded; retry after the time in Retry-After.");
    }

    /// <summary>Applies the injected latency and fails the request when a fault is armed.</summary>
    private static async Task<IResult?> BeginTokenRequestAsync(HttpContext context, WixSimulatorControl control)
    {
        var latency = control.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
        }

        if (!control.Faults.TryTakeTokenFault(out var status, out var retryAfter))
        {
            return null;
        }

        control.Counters.CountFailedTokenRequest();
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var error = status switch
        {
            429 => "too_many_requests",
            503 => "temporarily_unavailable",
            _ => "server_error",
        };
        return Responses.OAuthError(status, error, "Injected by the simulator.");
    }

    private static IResult? Authenticate(WixSimulatorControl control, Dictionary<string, string> body)
    {
        var clientId = body.Get("client_id", "clientId");
        var clientSecret = body.Get("client_secret", "clientSecret");
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret))
        {
            return Fail(control, 400, "invalid_request", "client_id and client_secret are required.");
        }

        if (clientId != control.AppId || !SecretTokens.Equal(clientSecret, control.AppSecret))
        {
            return Fail(control, 401, "invalid_client", "Unknown app or wrong app secret.");
        }

        return null;
    }

    private static IResult Fail(WixSimulatorControl control, int status, string error, string description)
    {
        control.Counters.CountFailedTokenRequest();
        return Responses.OAuthError(status, error, description);
    }
}
