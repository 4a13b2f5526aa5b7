using System.Text.Json.Serialization;

namespace Wix.Auth.Host.Endpoints;

/// <summary><c>{"token": "…"}</c>, the body of the introspection and elevation endpoints.</summary>
internal sealed record TokenBody([property: JsonPropertyName("token")] string? Token);

/// <summary>RFC 7662 §2.2's shape: <c>active</c> first; the other members only when active.</summary>
internal sealed record IntrospectionResponse(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("instance_id")] string? InstanceId = null,
    [property: JsonPropertyName("subject_type")] string? SubjectType = null,
    [property: JsonPropertyName("subject_id")] string? SubjectId = null,
    [property: JsonPropertyName("site_id")] string? SiteId = null,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt = null);

/// <summary>Source-generated JSON of the identity endpoints; a wrong type in the body fails to parse (400), never coerces.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenBody))]
[JsonSerializable(typeof(IntrospectionResponse))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext;
