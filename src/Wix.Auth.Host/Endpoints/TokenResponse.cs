using System.Text.Json.Serialization;

namespace Wix.Auth.Host.Endpoints;

/// <summary>The token API's answer. <c>strategy</c> is the one that produced this very token.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("strategy")] string Strategy);
