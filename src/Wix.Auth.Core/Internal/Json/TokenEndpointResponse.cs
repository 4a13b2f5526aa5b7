using System.Text.Json.Serialization;

namespace Wix.Auth.Internal.Json;

/// <summary>Both the success body (RFC 6749 §5.1) and the error body (§5.2, or Wix's <c>message</c>) of a token endpoint.</summary>
internal sealed class TokenEndpointResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; set; }

    [JsonPropertyName("expires_in")]
    [JsonConverter(typeof(ExpiresInConverter))]
    public long? ExpiresIn { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
