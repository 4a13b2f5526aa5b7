using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Wix.Auth.Internal;

/// <summary>
/// Reads the webhook public key as the Wix dashboard gives it: PEM (SPKI <c>PUBLIC KEY</c> or PKCS#1
/// <c>RSA PUBLIC KEY</c>), or base64 of that PEM (what fits in one environment variable). Errors never print the key.
/// </summary>
internal static class WixPublicKeyParser
{
    private const int MinimumKeySizeInBits = 2048;

    public static bool TryParse(string? value, [NotNullWhen(true)] out RSA? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is empty";
            return false;
        }

        // Environment variables and JSON often carry the PEM's line breaks as a literal "\n".
        var text = value.Trim().Replace("\\n", "\n", StringComparison.Ordinal);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var bytes = new byte[text.Length];
            if (!Convert.TryFromBase64String(text, bytes, out var written))
            {
                error = "is neither PEM nor base64 of a PEM";
                return false;
            }

            text = Encoding.UTF8.GetString(bytes, 0, written);
        }

        if (!PemEncoding.TryFind(text, out var fields))
        {
            error = "is neither PEM nor base64 of a PEM";
            return false;
        }

        var label = text.AsSpan()[fields.Label];
        var der = Convert.FromBase64String(text[fields.Base64Data]);
        var rsa = RSA.Create();
        try
        {
            int read;
            if (label.SequenceEqual("PUBLIC KEY"))
            {
                rsa.ImportSubjectPublicKeyInfo(der, out read);
            }
            else if (label.SequenceEqual("RSA PUBLIC KEY"))
            {
                rsa.ImportRSAPublicKey(der, out read);
            }
            else
            {
                // A private key here would be a secret in configuration that this process must never hold.
                error = "must be a public key (PEM label PUBLIC KEY or RSA PUBLIC KEY)";
                rsa.Dispose();
                return false;
            }

            if (read != der.Length || rsa.KeySize < MinimumKeySizeInBits)
            {
                error = read != der.Length ? "has trailing data after the key" : "is shorter than 2048 bits";
                rsa.Dispose();
                return false;
            }
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            error = "is not an RSA public key";
            return false;
        }

        key = rsa;
        error = null;
        return true;
    }
}
