using System.Text.Json.Serialization;

namespace Wix.Auth.Internal.Json;

/// <summary>The wire shape of <c>/oauth2/token-info</c> (camelCase, wix-protocol.md §4).</summary>
internal sealed class TokenInfoResponse
{
    // The docs print "true" as a string; the typings say boolean. Accept both.
    [JsonPropertyName("active")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool Active { get; set; }

    [JsonPropertyName("subjectType")]
    public string? SubjectType { get; set; }

    [JsonPropertyName("subjectId")]
    public string? SubjectId { get; set; }

    // int64 as a proto-JSON string in the REST docs, a number in the SDK typings.
    [JsonPropertyName("exp")]
    public long? Exp { get; set; }

    [JsonPropertyName("iat")]
    public long? Iat { get; set; }

    [JsonPropertyName("clientId")]
    public string? ClientId { get; set; }

    [JsonPropertyName("accountId")]
    public string? AccountId { get; set; }

    [JsonPropertyName("siteId")]
    public string? SiteId { get; set; }

    [JsonPropertyName("instanceId")]
    public string? InstanceId { get; set; }

    [JsonPropertyName("vendorProductId")]
    public string? VendorProductId { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
