using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Wix.Auth.Host.Options;

namespace Wix.Auth.Host.Security;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;key&gt;</c> against the configured API keys. Both sides are hashed with SHA-256
/// first, so the comparison runs over equal-length values in constant time and never reveals a key's length;
/// every configured key is compared, so the timing does not tell which one matched.
/// </summary>
internal sealed class ApiKeyValidator
{
    private const string BearerPrefix = "Bearer ";
    private readonly byte[][] _keyHashes;

    public ApiKeyValidator(IOptions<WixAuthHostOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keyHashes = [.. options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k.Trim())))];
    }

    /// <summary>True when the request carries one of the configured keys.</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = header.AsSpan(BearerPrefix.Length).Trim();
        if (presented.IsEmpty)
        {
            return false;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var written = Encoding.UTF8.GetBytes(presented, buffer);
        SHA256.HashData(buffer[..written], presentedHash);

        var match = false;
        foreach (var keyHash in _keyHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(presentedHash, keyHash);
        }

        return match;
    }
}
