using System.Text.Json;

namespace Wix.Auth.Internal;

/// <summary>
/// The JWT lifetime checks (RFC 7519 §4.1.4–4.1.6) against the injected clock, applied only after the signature
/// verified. Done here rather than by IdentityModel so that the clock is always <see cref="TimeProvider"/>.
/// </summary>
internal static class WixWebhookLifetime
{
    public static (DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, bool LateRedelivery) Check(JsonElement claims, DateTimeOffset now, WixWebhookVerificationOptions options)
    {
        var skew = options.ClockSkew;
        var expiresAt = NumericDate(claims, "exp");
        var notBefore = NumericDate(claims, "nbf");
        var issuedAt = NumericDate(claims, "iat");
        if (expiresAt is null && options.RequireExpirationTime)
        {
            throw WixWebhookVerifier.Fail(WixWebhookVerificationErrorKind.Expired, "The webhook token has no expiry (exp), and one is required.");
        }

        var late = false;
        if (expiresAt is { } exp && now > exp + skew)
        {
            // Wix re-delivers for about two days, possibly with the token it first signed: an authentic event past its
            // exp is still taken within the window, measured from its issue (the first delivery attempt).
            var window = options.RedeliveryWindow;
            var issued = issuedAt ?? exp;
            if (window <= TimeSpan.Zero || now > issued + window + skew)
            {
                throw WixWebhookVerifier.Fail(
                    WixWebhookVerificationErrorKind.Expired,
                    window <= TimeSpan.Zero
                        ? FormattableString.Invariant($"The webhook token expired at {exp:O}.")
                        : FormattableString.Invariant($"The webhook token expired at {exp:O} and was issued at {issued:O}, beyond the re-delivery window of {window} ({WixWebhookVerificationOptions.SectionName}:RedeliveryWindow)."));
            }

            late = true;
        }

        if ((notBefore is { } nbf && nbf > now + skew) || (issuedAt is { } iat && iat > now + skew))
        {
            throw WixWebhookVerifier.Fail(WixWebhookVerificationErrorKind.NotYetValid, "The webhook token is not valid yet (nbf or iat lies in the future).");
        }

        return (issuedAt, expiresAt, late);
    }

    private static DateTimeOffset? NumericDate(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // RFC 7519 NumericDate: seconds since the epoch, possibly fractional.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && seconds is >= 0 and <= 253_402_300_799)
        {
            return DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Floor(seconds * 1000));
        }

        throw WixWebhookVerifier.Fail(WixWebhookVerificationErrorKind.Malformed, $"The webhook token's {name} claim is not a valid NumericDate.");
    }
}
