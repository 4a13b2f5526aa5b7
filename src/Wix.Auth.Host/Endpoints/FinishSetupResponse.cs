using System.Text.Json.Serialization;

namespace Wix.Auth.Host.Endpoints;

/// <summary>The answer of the finish-setup endpoint once Wix accepted the BI event.</summary>
internal sealed record FinishSetupResponse(
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("event")] string Event);
