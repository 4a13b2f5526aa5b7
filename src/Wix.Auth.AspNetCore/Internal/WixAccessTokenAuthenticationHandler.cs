using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Wix.Auth.AspNetCore.Internal;

/// <summary>
/// Reads <c>Authorization: &lt;token&gt;</c> (how <c>@wix/dashboard</c>'s <c>fetchWithAuth</c> sends it) or
/// <c>Bearer &lt;token&gt;</c>, verifies it with <see cref="IWixAccessTokenVerifier"/> and turns it into a principal.
/// A header of another scheme (<c>Basic …</c>) is left to other handlers. Challenges follow RFC 6750 §3; when Token Info
/// cannot be asked the answer is 503 with <c>Retry-After</c>, because "unknown" must not read as "not allowed".
/// </summary>
internal sealed class WixAccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IWixAccessTokenVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";
    private const string Issuer = "wix.com";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (headers.Count > 1)
        {
            return AuthenticateResult.Fail(new WixAccessTokenVerificationException(WixAccessTokenVerificationErrorKind.Malformed, "More than one Authorization header."));
        }

        var header = headers.ToString().Trim();
        var token = header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : header;
        if (token.Length == 0)
        {
            return AuthenticateResult.Fail(new WixAccessTokenVerificationException(WixAccessTokenVerificationErrorKind.Malformed, "The Authorization header carries no token."));
        }

        if (token.Contains(' ', StringComparison.Ordinal))
        {
            // "Basic …", "Negotiate …": not a Wix token, maybe another scheme's.
            return AuthenticateResult.NoResult();
        }

        WixIdentity identity;
        try
        {
            identity = await verifier.VerifyAsync(token, Context.RequestAborted);
        }
        catch (WixAccessTokenVerificationException ex)
        {
            return AuthenticateResult.Fail(ex);
        }

        Context.Features.Set(new WixVerifiedTokenFeature(token, identity));
        var principal = new ClaimsPrincipal(CreateIdentity(identity));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is WixAccessTokenVerificationException { Kind: WixAccessTokenVerificationErrorKind.Unavailable } unavailable)
        {
            var seconds = (int)Math.Clamp(Math.Ceiling((unavailable.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds), 1, 300);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, Challenge(result.Failure));
    }

    // RFC 6750 §3: no error code when the request had no token at all; invalid_token (with why) when it had a bad one.
    private static string Challenge(Exception? failure) => failure switch
    {
        WixAccessTokenVerificationException ex => $"Bearer realm=\"Wix\", error=\"invalid_token\", error_description=\"{Describe(ex.Kind)}\"",
        not null => "Bearer realm=\"Wix\", error=\"invalid_token\"",
        null => "Bearer realm=\"Wix\"",
    };

    // Fixed wording per kind: never text from Wix or from the token itself.
    private static string Describe(WixAccessTokenVerificationErrorKind kind) => kind switch
    {
        WixAccessTokenVerificationErrorKind.Inactive => "The token is expired, revoked or not a Wix token",
        WixAccessTokenVerificationErrorKind.ForeignApp => "The token was issued for another app",
        WixAccessTokenVerificationErrorKind.NoInstance => "The token names no app instance",
        _ => "The token is malformed",
    };

    private ClaimsIdentity CreateIdentity(WixIdentity identity)
    {
        var claims = new List<Claim>(5)
        {
            new(WixClaimTypes.InstanceId, identity.InstanceId, ClaimValueTypes.String, Issuer),
            new(WixClaimTypes.SubjectType, WixClaimValues.SubjectType(identity.SubjectType), ClaimValueTypes.String, Issuer),
        };
        if (identity.SubjectId is { } subjectId)
        {
            claims.Add(new(WixClaimTypes.SubjectId, subjectId, ClaimValueTypes.String, Issuer));
            claims.Add(new(ClaimTypes.NameIdentifier, subjectId, ClaimValueTypes.String, Issuer));
        }

        if (identity.SiteId is { } siteId)
        {
            claims.Add(new(WixClaimTypes.SiteId, siteId, ClaimValueTypes.String, Issuer));
        }

        // The subject type doubles as the role, so [Authorize(Roles = "USER")] reads as Wix's docs do.
        return new ClaimsIdentity(claims, Scheme.Name, WixClaimTypes.SubjectId, WixClaimTypes.SubjectType);
    }
}
