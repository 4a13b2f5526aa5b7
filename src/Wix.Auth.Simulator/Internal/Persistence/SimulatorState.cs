using System.Text.Json.Serialization;

namespace Wix.Auth.Simulator.Internal.Persistence;

/// <summary>
/// What a real Wix remembers across our restarts: sites and their installs, refresh tokens (revoked or not), unexpired
/// access tokens and the revocation sequence. Short-lived handshake records (codes, market tokens, consents) are left
/// out: a restart in the middle of an install is an install to start again, as on Wix.
/// </summary>
internal sealed record SimulatorState(
    int Version,
    string AppId,
    long AccessTokenSequence,
    IReadOnlyList<SimulatorState.Instance> Instances,
    IReadOnlyList<SimulatorState.RefreshToken> RefreshTokens,
    IReadOnlyList<SimulatorState.AccessToken> AccessTokens)
{
    public const int CurrentVersion = 1;

    internal sealed record Instance(string InstanceId, string SiteId, string? OriginInstanceId, bool Installed, bool Configured, long AccessTokensValidFromSequence);

    internal sealed record RefreshToken(string Token, string InstanceId, bool Revoked);

    internal sealed record AccessToken(string Token, string InstanceId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, long Sequence);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulatorState))]
internal sealed partial class SimulatorStateJsonContext : JsonSerializerContext;
