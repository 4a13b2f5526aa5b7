using System.Text.Json;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Instances;
using Wix.Auth.Host.Logging;
using Wix.Auth.Host.Security;
using Wix.Auth.Host.Webhooks;

namespace Wix.Auth.Host.Endpoints;

/// <summary>
/// <c>/api/v1/tokens/introspect</c> and <c>/api/v1/tokens/elevate</c>: the app's backend hands over a token a Wix frontend
/// sent it and learns whose it is (RFC 7662's shape), or gets the app's token for that token's instance. API key as for
/// the token API. Bad input is 400 and touches neither Wix nor the cache.
/// </summary>
internal static class TokenIdentityEndpoints
{
    // {"token": "<8 KB>"} with room for whitespace; anything larger is not a token request.
    private const int MaxBodyBytes = 16 * 1024;
    private const string LogCategory = "Wix.Auth.Host.TokenApi";

    public static IEndpointRouteBuilder MapTokenIdentityApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/tokens")
            .AddEndpointFilter(NoStoreFilter.Instance)
            .AddEndpointFilter(ApiKeyEndpointFilter.For(endpoints))
            .WithTags("Tokens")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/introspect", IntrospectAsync)
            .Accepts<TokenBody>("application/json")
            .WithName("IntrospectToken").WithSummary("Whose a token a Wix frontend sent is (RFC 7662's shape); inactive when unknown, expired or foreign.")
            .Accepts<TokenBody>("application/json").Produces<IntrospectionResponse>();
        group.MapPost("/elevate", ElevateAsync)
            .Accepts<TokenBody>("application/json")
            .WithName("ElevateToken").WithSummary("The app's access token for the instance of a token a Wix frontend sent.")
            .Accepts<TokenBody>("application/json").Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return endpoints;
    }

    private static async Task<IResult> IntrospectAsync(HttpContext context, IWixAccessTokenVerifier verifier, CancellationToken cancellationToken)
    {
        if (await ReadTokenAsync(context, cancellationToken) is not { } token)
        {
            return BadInput();
        }

        try
        {
            var identity = await verifier.VerifyAsync(token, cancellationToken);
            return Results.Json(
                new IntrospectionResponse(true, identity.InstanceId, SubjectType(identity.SubjectType), identity.SubjectId, identity.SiteId, identity.ExpiresAt),
                IdentityJsonContext.Default.IntrospectionResponse);
        }
        catch (WixAccessTokenVerificationException ex) when (ex.Kind == WixAccessTokenVerificationErrorKind.Unavailable)
        {
            return Problems.WixUnavailable(context, ex.RetryAfter);
        }
        catch (WixAccessTokenVerificationException ex) when (ex.Kind == WixAccessTokenVerificationErrorKind.Malformed)
        {
            return BadInput();
        }
        catch (WixAccessTokenVerificationException)
        {
            // RFC 7662 §2.2: an expired, foreign or unknown token is simply not active; why is not told.
            return Results.Json(new IntrospectionResponse(false), IdentityJsonContext.Default.IntrospectionResponse);
        }
    }

    private static async Task<IResult> ElevateAsync(
        HttpContext context,
        IWixAccessTokenVerifier verifier,
        IWixTokenElevator elevator,
        InstallationStatusCache installations,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await ReadTokenAsync(context, cancellationToken) is not { } token)
        {
            return BadInput();
        }

        WixIdentity identity;
        try
        {
            identity = await verifier.VerifyAsync(token, cancellationToken);
        }
        catch (WixAccessTokenVerificationException ex)
        {
            return ex.Kind switch
            {
                WixAccessTokenVerificationErrorKind.Unavailable => Problems.WixUnavailable(context, ex.RetryAfter),
                WixAccessTokenVerificationErrorKind.Malformed => BadInput(),
                _ => Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Token not accepted",
                    detail: "The token is expired, revoked, issued for another app or not a Wix token.",
                    extensions: new Dictionary<string, object?> { ["reason"] = ex.Kind.ToString() }),
            };
        }

        try
        {
            if (!await installations.IsInstalledAsync(identity.InstanceId, cancellationToken))
            {
                return Problems.InstanceNotFound();
            }
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            return Problems.DatabaseUnavailable(context);
        }

        try
        {
            var appToken = await elevator.ElevateAsync(identity, cancellationToken);
            return Results.Json(
                new TokenResponse(appToken.AccessToken, "Bearer", appToken.ExpiresAt, appToken.InstanceId, appToken.Strategy),
                HostJsonContext.Default.TokenResponse);
        }
        catch (WixInstallationRemovedException)
        {
            installations.Evict(identity.InstanceId);
            return Problems.InstanceNotFound();
        }
        catch (WixElevationDeniedException)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Elevation denied", detail: "The elevation policy does not allow this identity to act as the app.");
        }
        catch (WixTokenException ex) when (ex.IsTransient)
        {
            HostLog.TokenTransientFailure(loggers.CreateLogger(LogCategory), identity.InstanceId, ex.Kind.ToString(), ex.StatusCode, ex.RequestId);
            return Problems.WixUnavailable(context, ex.RetryAfter);
        }
        catch (WixTokenException ex)
        {
            HostLog.TokenRefused(loggers.CreateLogger(LogCategory), identity.InstanceId, ex.Kind.ToString(), ex.Error, ex.StatusCode, ex.RequestId);
            return Problems.WixRefused(ex);
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            return Problems.DatabaseUnavailable(context);
        }
    }

    /// <summary>The token of a <c>{"token": "…"}</c> JSON body; null for no body, too big, not JSON, a wrong type or an empty token.</summary>
    private static async Task<string?> ReadTokenAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var text = await BoundedBodyReader.ReadUtf8Async(context.Request, MaxBodyBytes, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, IdentityJsonContext.Default.TokenBody)?.Token is { Length: > 0 and <= 8 * 1024 } token ? token : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult BadInput() => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Bad request",
        detail: "Send a JSON object {\"token\": \"<the Wix access token>\"} of at most 8192 characters.");

    private static string SubjectType(WixSubjectType type) => type switch
    {
        WixSubjectType.User => "USER",
        WixSubjectType.Member => "MEMBER",
        WixSubjectType.Visitor => "VISITOR",
        WixSubjectType.App => "APP",
        _ => "UNKNOWN",
    };
}
