using System.Text.Json.Serialization;

namespace Wix.Auth.Internal.Json;

/// <summary>Source-generated (reflection-free) serialization of every body the token client sends or reads.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ClientCredentialsRequest))]
[JsonSerializable(typeof(AuthorizationCodeRequest))]
[JsonSerializable(typeof(RefreshTokenRequest))]
[JsonSerializable(typeof(TokenInfoRequest))]
[JsonSerializable(typeof(TokenEndpointResponse))]
[JsonSerializable(typeof(TokenInfoResponse))]
internal sealed partial class WixJsonContext : JsonSerializerContext;
