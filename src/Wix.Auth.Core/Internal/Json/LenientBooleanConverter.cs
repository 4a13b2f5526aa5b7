using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wix.Auth.Internal.Json;

/// <summary>Reads <c>true</c>, <c>"true"</c> (any case) and their false forms; Wix's docs and typings disagree on the type.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
        _ => throw new JsonException("Expected a boolean or a \"true\"/\"false\" string."),
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}
