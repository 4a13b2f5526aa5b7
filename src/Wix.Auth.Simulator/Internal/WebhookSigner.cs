using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Wix.Auth.Simulator.Internal;

/// <summary>
/// Signs webhook bodies as Wix does: an RS256 JWT whose <c>data</c> claim is a JSON string holding
/// <c>{eventType, instanceId, data: JSON string}</c>.
/// </summary>
internal sealed class WebhookSigner
{
    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new();

    public WebhookSigner(RSA key)
    {
        var keyId = Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..8];
        _credentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
    }

    public string Sign(string eventType, string instanceId, string innerDataJson, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        var envelope = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["eventType"] = eventType,
            ["instanceId"] = instanceId,
            ["data"] = innerDataJson,
        });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["data"] = envelope,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds(),
        });
        return _handler.CreateToken(payload, _credentials);
    }
}
