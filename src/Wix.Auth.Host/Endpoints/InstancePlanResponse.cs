using System.Text.Json.Serialization;

namespace Wix.Auth.Host.Endpoints;

/// <summary>The installation's plan as the last billing webhook recorded it.</summary>
internal sealed record InstancePlanResponse(
    [property: JsonPropertyName("vendor_product_id")] string? VendorProductId,
    [property: JsonPropertyName("cycle")] string? Cycle,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("auto_renew")] bool? AutoRenew,
    [property: JsonPropertyName("event")] string? Event,
    [property: JsonPropertyName("changed_at")] DateTimeOffset? ChangedAt);
