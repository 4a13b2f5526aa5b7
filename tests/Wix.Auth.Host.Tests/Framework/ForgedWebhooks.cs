using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>Webhook bodies an attacker could send: right shape, wrong key or algorithm (checklist F1).</summary>
internal static class ForgedWebhooks
{
    public static string Payload(string eventType, string instanceId, string appId)
    {
        var envelope = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["eventType"] = eventType,
            ["instanceId"] = instanceId,
            ["data"] = $$"""{"appId":"{{appId}}"}""",
        });
        var now = DateTimeOffset.UtcNow;
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["data"] = envelope,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        });
    }

    public static string SignedWithForeignKey(string payload)
    {
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)), SecurityAlgorithms.RsaSha256));
    }

    public static string AlgNone(string payload) =>
        Segment("""{"alg":"none","typ":"JWT"}""") + "." + Segment(payload) + ".";

    /// <summary>The key-confusion attack: HS256 with the app's public key (PEM text) as the HMAC secret.</summary>
    public static string Hs256WithPublicKeyAsSecret(string payload, string publicKeyPem)
    {
        var signingInput = Segment("""{"alg":"HS256","typ":"JWT"}""") + "." + Segment(payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(publicKeyPem), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    private static string Segment(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
