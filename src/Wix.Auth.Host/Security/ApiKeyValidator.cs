using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Wix.Auth.Host.Options;

namespace Wix.Auth.Host.Security;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;key&gt;</c> against the configured API keys by a constant-time comparison of UTF-8
/// bytes (<see cref="CryptographicOperations.FixedTimeEquals"/>). For equal lengths the time does not depend on where the
/// bytes differ; a different length answers at once, so the timing tells an attacker a key's length and nothing else —
/// worthless against keys of at least 16 random characters. Every configured key is compared (no early exit), so the
/// timing does not tell which one matched, and key rotation (several keys at once) keeps working. No hash per request:
/// it cost 15% of a warm token request. See docs/security.md, "API keys".
/// </summary>
internal sealed class ApiKeyValidator
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Beyond this a presented key is longer than any sensible key: refused without encoding it.</summary>
    private const int MaxPresentedChars = 1024;

    private readonly byte[][] _keys;

    public ApiKeyValidator(IOptions<WixAuthHostOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.ApiKeys.Select(k => Encoding.UTF8.GetBytes(k.Trim())).Where(k => k.Length > 0)];
    }

    /// <summary>True when the request carries one of the configured keys.</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsAuthorized(request.Headers.Authorization.ToString());
    }

    /// <summary>True when <paramref name="authorization"/> (the header's value) is <c>Bearer</c> and one of the keys.</summary>
    public bool IsAuthorized(string authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = authorization.AsSpan(BearerPrefix.Length).Trim();
        if (presented.IsEmpty || presented.Length > MaxPresentedChars)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(MaxPresentedChars)];
        var bytes = buffer[..Encoding.UTF8.GetBytes(presented, buffer)];
        var match = false;
        foreach (var key in _keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(bytes, key);
        }

        return match;
    }
}
