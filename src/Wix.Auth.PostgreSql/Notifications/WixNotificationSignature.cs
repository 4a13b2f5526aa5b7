using System.Security.Cryptography;
using System.Text;

namespace Wix.Auth.PostgreSql;

/// <summary>
/// The Standard Webhooks signature (standardwebhooks.com): <c>v1,</c> + base64 of HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the bytes after <c>whsec_</c>. A receiver in .NET can use
/// <see cref="Verify"/>; in other languages any Standard Webhooks library verifies it.
/// </summary>
public static class WixNotificationSignature
{
    /// <summary>The prefix of a signing secret.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>The shortest key accepted, in bytes.</summary>
    public const int MinimumKeyBytes = 24;

    /// <summary>The key bytes of <paramref name="secret"/>, or null when it is not <c>whsec_</c> + base64 of at least 24 bytes.</summary>
    public static byte[]? TryDecodeSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
            return key.Length >= MinimumKeyBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The <c>webhook-signature</c> header value for one attempt.</summary>
    public static string Sign(ReadOnlySpan<byte> key, string webhookId, long timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentNullException.ThrowIfNull(body);
        var content = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{webhookId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>True when one of the space-separated signatures in <paramref name="signatureHeader"/> matches (constant-time compare).</summary>
    public static bool Verify(ReadOnlySpan<byte> key, string webhookId, long timestamp, string body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        var expected = Encoding.ASCII.GetBytes(Sign(key, webhookId, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
