using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wix.Auth.Internal;

/// <summary>
/// Unpacks the verified JWT payload's nested layers, as Wix's SDK does (<c>parseJWT</c>): layer 1 <c>data</c> is a
/// JSON string holding layer 2 <c>{eventType, instanceId, data, identity?, accountInfo?}</c>, whose <c>data</c> is a
/// JSON string holding the event payload (layer 3).
/// </summary>
internal static class WixWebhookEnvelopeParser
{
    // Duplicate keys are refused so that no two JSON readers can disagree about what was signed.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static WixWebhookEvent Parse(JsonElement claims, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, string fallbackEventId)
    {
        using var envelope = ParseEmbedded(claims, "data", "the token's data claim", required: true)!;
        var layer2 = envelope.RootElement;
        if (layer2.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("The webhook's data claim is not a JSON object.");
        }

        var eventType = OptionalString(layer2, "eventType");
        if (string.IsNullOrEmpty(eventType))
        {
            throw Malformed("The webhook has no eventType.");
        }

        var instanceId = OptionalString(layer2, "instanceId");
        using var payload = ParseEmbedded(layer2, "data", "the event's data", required: true)!;
        var data = payload.RootElement;
        JsonElement? identity = null;
        if (layer2.TryGetProperty("identity", out var rawIdentity) && rawIdentity.ValueKind == JsonValueKind.Object)
        {
            identity = rawIdentity.Clone();
        }
        else
        {
            using var parsedIdentity = ParseEmbedded(layer2, "identity", "the event's identity", required: false);
            identity = parsedIdentity?.RootElement.Clone();
        }

        JsonElement? accountInfo = null;
        if (layer2.TryGetProperty("accountInfo", out var rawAccount) && rawAccount.ValueKind != JsonValueKind.Null)
        {
            accountInfo = rawAccount.ValueKind == JsonValueKind.Object
                ? rawAccount.Clone()
                : throw Malformed("The webhook's accountInfo is not a JSON object.");
        }

        var isObject = data.ValueKind == JsonValueKind.Object;
        var id = isObject ? LenientString(data, "id") : null;
        var eventTime = isObject && DateTimeOffset.TryParse(LenientString(data, "eventTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : (DateTimeOffset?)null;
        return new WixWebhookEvent
        {
            EventType = eventType,
            InstanceId = instanceId,
            EventId = string.IsNullOrEmpty(id) ? fallbackEventId : id,
            Data = data.Clone(),
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            EventTime = eventTime,
            OriginInstanceId = isObject && eventType == "AppInstalled" ? LenientString(data, "originInstanceId") : null,
            Identity = identity,
            AccountInfo = accountInfo,
        };
    }

    public static JsonDocument? TryParseJson(byte[] utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonDocument? ParseEmbedded(JsonElement parent, string name, string what, bool required)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Malformed($"The webhook lacks {what}.") : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Malformed($"In the webhook, {what} is not a JSON string.");
        }

        return TryParseJson(Encoding.UTF8.GetBytes(value.GetString()!))
            ?? throw Malformed($"In the webhook, {what} does not hold valid JSON.");
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.String => true,
            JsonValueKind.Null => false,
            _ => throw Malformed($"The webhook's {name} is not a string."),
        }
            ? value.GetString()
            : null;

    // Layer 3 belongs to the event type; an unexpected shape there is the consumer's business, not a reason to refuse.
    private static string? LenientString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static WixWebhookVerificationException Malformed(string message) =>
        WixWebhookVerifier.Fail(WixWebhookVerificationErrorKind.Malformed, message);
}
