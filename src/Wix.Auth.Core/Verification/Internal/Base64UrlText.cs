using System.Buffers;
using System.Buffers.Text;

namespace Wix.Auth.Internal;

/// <summary>Base64 helpers for values that arrive in either alphabet, with or without padding.</summary>
internal static class Base64UrlText
{
    /// <summary>True when every character is in the base64url alphabet (no padding).</summary>
    public static bool IsStrictBase64Url(ReadOnlySpan<char> value) =>
        !value.ContainsAnyExcept(UrlAlphabet);

    /// <summary>True when every character is from either alphabet, optionally followed by up to two <c>=</c>.</summary>
    public static bool IsLenientBase64(ReadOnlySpan<char> value)
    {
        var trimmed = value.TrimEnd('=');
        return value.Length - trimmed.Length <= 2 && !trimmed.ContainsAnyExcept(EitherAlphabet);
    }

    /// <summary>Decodes a value in either alphabet, padded or not. Null when it is not valid base64.</summary>
    public static byte[]? DecodeLenient(ReadOnlySpan<char> value)
    {
        if (!IsLenientBase64(value))
        {
            return null;
        }

        var trimmed = value.TrimEnd('=');
        if (trimmed.Length % 4 == 1)
        {
            return null;
        }

        var buffer = ArrayPool<char>.Shared.Rent(trimmed.Length);
        try
        {
            var normalised = buffer.AsSpan(0, trimmed.Length);
            trimmed.CopyTo(normalised);
            normalised.Replace('+', '-');
            normalised.Replace('/', '_');
            var bytes = new byte[Base64Url.GetMaxDecodedLength(normalised.Length)];
            return Base64Url.TryDecodeFromChars(normalised, bytes, out var written)
                ? bytes.AsSpan(0, written).ToArray()
                : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static readonly SearchValues<char> UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly SearchValues<char> EitherAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/");
}
