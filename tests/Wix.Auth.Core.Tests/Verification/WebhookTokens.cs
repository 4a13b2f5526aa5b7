using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Wix.Auth.Core.Tests.Verification;

/// <summary>Builds webhook JWTs the way Wix does (three nested layers), signed independently of the verifier.</summary>
internal static class WebhookTokens
{
    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>Layer 1 claims around a layer-2 envelope whose <c>data</c> is the JSON string of <paramref name="payload"/>.</summary>
    public static string Claims(DateTimeOffset issuedAt, TimeSpan lifetime, string eventType = "AppInstalled", string instanceId = "3c1f0b3a-3f3e-4c58-9d6b-2a1b1c2d3e4f", object? payload = null, DateTimeOffset? notBefore = null)
    {
        var envelope = JsonSerializer.Serialize(new
        {
            eventType,
            instanceId,
            data = JsonSerializer.Serialize(payload ?? new { appId = "app-1", originInstanceId = "origin-1" }),
            identity = JsonSerializer.Serialize(new { identityType = "WIX_USER", wixUserId = "user-1" }),
            accountInfo = new { accountId = "acc-1", siteId = "site-1" },
        });
        var claims = new Dictionary<string, object> { ["data"] = envelope, ["iat"] = issuedAt.ToUnixTimeSeconds(), ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds() };
        if (notBefore is { } nbf)
        {
            claims["nbf"] = nbf.ToUnixTimeSeconds();
        }

        return JsonSerializer.Serialize(claims);
    }

    public static string SignRs256(RSA key, string claimsJson, string header = """{"kid":"qG1kD2dz","alg":"RS256"}""")
    {
        var input = Encode(header) + "." + Encode(claimsJson);
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    public static string Sign(RSA key, string claimsJson, string alg, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        var input = Encode($$"""{"alg":"{{alg}}"}""") + "." + Encode(claimsJson);
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), hash, padding));
    }

    public static string SignHs256(byte[] secret, string claimsJson)
    {
        var input = Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Encode(claimsJson);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    public static string Unsigned(string claimsJson) =>
        Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(claimsJson) + ".";
}
