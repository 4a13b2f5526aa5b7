using System.Globalization;
using System.Text.Json;

namespace Wix.Auth.Internal;

/// <summary>Reads the JSON of a verified signed instance. Unknown fields are ignored; absent ones stay null.</summary>
internal static class WixSignedInstanceParser
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static WixSignedInstance Parse(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Strict);
        }
        catch (JsonException)
        {
            throw Malformed("The signed instance's data is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("The signed instance's data is not a JSON object.");
            }

            var instanceId = String(root, "instanceId");
            if (string.IsNullOrEmpty(instanceId))
            {
                throw Malformed("The signed instance names no instanceId.");
            }

            return new WixSignedInstance
            {
                InstanceId = instanceId,
                AppDefId = String(root, "appDefId"),
                SignDate = Date(root, "signDate"),
                Uid = String(root, "uid"),
                Permissions = String(root, "permissions"),
                SiteOwnerId = String(root, "siteOwnerId"),
                SiteMemberId = String(root, "siteMemberId"),
                VendorProductId = String(root, "vendorProductId"),
                OriginInstanceId = String(root, "originInstanceId"),
                Aid = String(root, "aid"),
                LoginAccountId = String(root, "loginAccountId"),
                DemoMode = root.TryGetProperty("demoMode", out var demo) && demo.ValueKind == JsonValueKind.True,
                ExpirationDate = Date(root, "expirationDate"),
            };
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement root, string name)
    {
        var text = String(root, name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw Malformed($"The signed instance's {name} is not an ISO-8601 time.");
    }

    private static WixInstanceVerificationException Malformed(string message) =>
        new(WixInstanceVerificationErrorKind.Malformed, message);
}
