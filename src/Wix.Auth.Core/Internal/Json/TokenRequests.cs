using System.Text.Json.Serialization;

namespace Wix.Auth.Internal.Json;

// Wire names are the snake_case ones of wix-protocol.md §2.1, §3.2 and §4; Wix's camelCase variants are undocumented for these grants.

internal sealed record ClientCredentialsRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret,
    [property: JsonPropertyName("instance_id")] string InstanceId);

internal sealed record AuthorizationCodeRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret,
    [property: JsonPropertyName("code")] string Code);

internal sealed record RefreshTokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret,
    [property: JsonPropertyName("refresh_token")] string RefreshToken);

internal sealed record TokenInfoRequest([property: JsonPropertyName("token")] string Token);
