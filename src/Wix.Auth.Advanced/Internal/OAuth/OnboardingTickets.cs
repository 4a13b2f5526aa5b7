using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// The signed one-time ticket the external onboarding page hands back, so the handshake can finish with close-window.
/// The ticket alone is not enough (it passes through the onboarding page and its URL): it is bound to the browser that
/// ran the callback by a cookie that also carries, encrypted, the handshake's access token, so close-window usually
/// needs no new token. Protected with Data Protection (tamper-proof, opaque), time-limited by our clock, single-use
/// through the store's claim table (shared by every process).
/// </summary>
internal sealed class OnboardingTickets(
    IDataProtectionProvider dataProtection,
    IWixAuthorizationCodeStore store,
    TimeProvider timeProvider,
    IOptionsMonitor<WixOAuthOptions> options)
{
    private const string CookiePrefix = ".Wix.Auth.Onboarding.";
    private const string SecureCookiePrefix = "__Host-Wix.Auth.Onboarding.";

    /// <summary>A handshake token this close to its expiry is not worth sending to close-window.</summary>
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromSeconds(30);

    private readonly IDataProtector _ticketProtector = dataProtection.CreateProtector(WixHandshakePurposes.OnboardingTicket);
    private readonly IDataProtector _bindingProtector = dataProtection.CreateProtector(WixHandshakePurposes.OnboardingBinding);

    private WixOAuthOptions Options => options.Get(WixOAuthDefaults.AuthenticationScheme);

    /// <summary>Issues a ticket for the verified <paramref name="instanceId"/> and sets its binding cookie on the response.</summary>
    public string Issue(HttpContext context, string instanceId, string accessToken, DateTimeOffset accessTokenExpiresAt)
    {
        var expiresAt = timeProvider.GetUtcNow() + Options.OnboardingTicketLifetime;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var ticket = Protect(_ticketProtector, instanceId, id, Unix(expiresAt));
        var binding = Protect(_bindingProtector, id, accessToken, Unix(accessTokenExpiresAt));
        var secure = IsSecure(context);
        context.Response.Cookies.Append((secure ? SecureCookiePrefix : CookiePrefix) + id, binding, new CookieOptions
        {
            HttpOnly = true,
            Secure = secure,
            // The return from onboarding is a top-level GET navigation; __Host- requires Path=/ and no Domain.
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Expires = expiresAt,
            IsEssential = true,
        });
        return ticket;
    }

    /// <summary>Redeems a ticket presented by the browser that holds its binding cookie, once.</summary>
    public async Task<OnboardingRedemption> RedeemAsync(HttpContext context, string? ticket, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 2048 || Unprotect(_ticketProtector, ticket) is not [var instanceId, var id, var expires])
        {
            return OnboardingRedemption.Refused("invalid");
        }

        if (timeProvider.GetUtcNow() > FromUnix(expires))
        {
            return OnboardingRedemption.Refused("expired");
        }

        var cookieName = (IsSecure(context) ? SecureCookiePrefix : CookiePrefix) + id;
        var binding = context.Request.Cookies[cookieName] is { Length: <= 4096 } cookie ? Unprotect(_bindingProtector, cookie) : null;
        if (binding is not [var boundId, var accessToken, var accessTokenExpires] || !string.Equals(boundId, id, StringComparison.Ordinal))
        {
            // A ticket carried to another browser (leaked URL, shared link) is worthless there.
            return OnboardingRedemption.Refused("not_bound_to_this_browser");
        }

        context.Response.Cookies.Delete(cookieName, new CookieOptions { Path = "/", Secure = IsSecure(context), SameSite = SameSiteMode.Lax, HttpOnly = true });
        var claim = SHA256.HashData(Encoding.UTF8.GetBytes(WixHandshakePurposes.TicketClaimPrefix + id));
        if (!await store.TryClaimAuthorizationCodeAsync(instanceId, claim, cancellationToken).ConfigureAwait(false))
        {
            return OnboardingRedemption.Refused("already_used");
        }

        var reusable = FromUnix(accessTokenExpires) - timeProvider.GetUtcNow() > ReuseMargin ? accessToken : null;
        return new OnboardingRedemption(instanceId, reusable, null);
    }

    private bool IsSecure(HttpContext context) =>
        Options.CorrelationCookie.SecurePolicy == CookieSecurePolicy.Always || context.Request.IsHttps;

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset FromUnix(string seconds) =>
        long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : DateTimeOffset.MinValue;

    private static string Protect(IDataProtector protector, params string[] parts) =>
        Base64UrlTextEncoder.Encode(protector.Protect(Encoding.UTF8.GetBytes(string.Join('\n', parts))));

    private static string[]? Unprotect(IDataProtector protector, string value)
    {
        try
        {
            return Encoding.UTF8.GetString(protector.Unprotect(Base64UrlTextEncoder.Decode(value))).Split('\n');
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
