using System.Text.Json.Serialization;

namespace Wix.Auth.Host.Endpoints;

/// <summary>Source-generated JSON for the API's answers: no reflection on the hot path.</summary>
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(InstanceStatusResponse))]
[JsonSerializable(typeof(FinishSetupResponse))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
