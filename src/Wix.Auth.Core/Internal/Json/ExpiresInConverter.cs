using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wix.Auth.Internal.Json;

/// <summary>
/// Reads <c>expires_in</c> without ever failing the whole body: a number, or a string of digits (the proto-JSON int64
/// convention Wix uses elsewhere, e.g. Token Info's <c>exp</c>) is the value; anything else — a fraction, a number
/// beyond int64, text, an object — becomes <see cref="Unusable"/>, and the token client decides per grant. Throwing here
/// would lose a redeemed code's refresh token to a malformed lifetime.
/// </summary>
internal sealed class ExpiresInConverter : JsonConverter<long?>
{
    /// <summary>Marks a present but unusable value (never a real lifetime: lifetimes at or below zero are refused anyway).</summary>
    public const long Unusable = long.MinValue;

    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number) ? number : Unusable;
            case JsonTokenType.String:
                return long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : Unusable;
            default:
                reader.Skip();
                return Unusable;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
