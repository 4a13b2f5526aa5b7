using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Wix.Auth.Internal.Identity;

/// <summary>
/// The SHA-256 of a token, whose short form log lines carry so that one token's verifications can be correlated, across
/// processes too, without showing it. Computed only when a token is sent to Wix; the cache uses <see cref="TokenKey"/>.
/// </summary>
internal readonly struct TokenHash : IEquatable<TokenHash>
{
    private const int StackLimit = 1024;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private TokenHash(ReadOnlySpan<ulong> words)
    {
        _a = words[0];
        _b = words[1];
        _c = words[2];
        _d = words[3];
    }

    public static TokenHash Of(string token)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(token.Length);
        var rented = byteCount > StackLimit ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(token, buffer);
            Span<ulong> hash = stackalloc ulong[4];
            SHA256.HashData(buffer[..written], MemoryMarshal.AsBytes(hash));
            return new TokenHash(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>8 hex digits of the hash, for log lines that must be correlated without showing the token.</summary>
    public string ToShortString() => ((uint)_a).ToString("x8", CultureInfo.InvariantCulture);

    public bool Equals(TokenHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is TokenHash other && Equals(other);

    // The words are uniformly distributed already: any one of them is a good hash code.
    public override int GetHashCode() => (int)_a;
}
