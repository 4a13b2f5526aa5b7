using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Wix.Auth.Simulator.Internal;

/// <summary>Reads a token-endpoint body: JSON as Wix documents, form-encoded tolerated.</summary>
internal static class RequestBody
{
    public static async Task<Dictionary<string, string>?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }

        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }

            return values;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Get(this Dictionary<string, string> body, string snakeCase, string camelCase) =>
        body.TryGetValue(snakeCase, out var value) || body.TryGetValue(camelCase, out value) ? value : null;
}
