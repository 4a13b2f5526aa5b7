using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Wix.Auth.Simulator.Internal;

internal sealed record SignedInstancePayload(string InstanceId, string AppDefId, DateTimeOffset SignDate, DateTimeOffset ExpirationDate, string SiteOwnerId, string? Aid);

/// <summary>Wix's signed <c>instance</c> value: <c>base64url(HMAC-SHA256(secret, data)) "." data</c>, data = base64url(JSON).</summary>
internal sealed class InstanceSigner(string appSecret)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(appSecret);

    public string Sign(SignedInstancePayload payload, SignedInstanceFormat format)
    {
        var json = new Dictionary<string, object?>
        {
            ["instanceId"] = payload.InstanceId,
            ["appDefId"] = payload.AppDefId,
            ["signDate"] = payload.SignDate.ToString("O"),
            ["uid"] = payload.Aid is null ? payload.SiteOwnerId : null,
            ["permissions"] = payload.Aid is null ? "OWNER" : null,
            ["demoMode"] = false,
            ["siteOwnerId"] = payload.SiteOwnerId,
            ["expirationDate"] = payload.ExpirationDate.ToString("O"),
        };
        if (payload.Aid is not null)
        {
            json["aid"] = payload.Aid;
        }

        var data = Encode(JsonSerializer.SerializeToUtf8Bytes(json), format);
        var signature = Encode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data)), format);
        return signature + "." + data;
    }

    public bool TryVerify(string value, out SignedInstancePayload payload)
    {
        payload = null!;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == value.Length - 1)
        {
            return false;
        }

        var data = value[(dot + 1)..];
        try
        {
            var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data));
            if (!CryptographicOperations.FixedTimeEquals(expected, Decode(value[..dot])))
            {
                return false;
            }

            using var doc = JsonDocument.Parse(Decode(data));
            var root = doc.RootElement;
            payload = new SignedInstancePayload(
                root.GetProperty("instanceId").GetString()!,
                root.GetProperty("appDefId").GetString()!,
                root.GetProperty("signDate").GetDateTimeOffset(),
                root.GetProperty("expirationDate").GetDateTimeOffset(),
                root.GetProperty("siteOwnerId").GetString()!,
                root.TryGetProperty("aid", out var aid) ? aid.GetString() : null);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Encode(byte[] bytes, SignedInstanceFormat format) =>
        format == SignedInstanceFormat.UnpaddedBase64Url ? Base64Url.EncodeToString(bytes) : Convert.ToBase64String(bytes);

    /// <summary>Either form Wix has used: padded standard Base64 (legacy) or unpadded Base64Url.</summary>
    private static byte[] Decode(string value) =>
        value.AsSpan().IndexOfAny('+', '/') >= 0 ? Convert.FromBase64String(value) : Base64Url.DecodeFromChars(value);
}
