using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Wix.Auth.Simulator.Internal;

/// <summary>Random values for tokens, codes and IDs, and the constant-time comparison of a presented secret.</summary>
internal static class SecretTokens
{
    public static string Random(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Base64Url.EncodeToString(buffer);
    }

    public static bool Equal(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
