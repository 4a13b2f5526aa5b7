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

        var data = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(json));
        if (format == SignedInstanceFormat.UnpaddedBase64Url)
        {
            data = ToBase64Url(data);
        }

        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data)));
        if (format == SignedInstanceFormat.UnpaddedBase64Url)
        {
            signature = ToBase64Url(signature);
        }

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
        var expected = ToBase64Url(Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data))));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(ToBase64Url(value[..dot]))))
        {
            return false;
        }

        try
        {
            var standard = data.Replace('-', '+').Replace('_', '/').TrimEnd('=');
            standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(standard));
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

    private static string ToBase64Url(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
