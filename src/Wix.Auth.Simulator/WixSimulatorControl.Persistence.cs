using Wix.Auth.Simulator.Internal;
using Wix.Auth.Simulator.Internal.Persistence;

namespace Wix.Auth.Simulator;

/// <summary>The durable part of the simulator's state, captured and restored for <see cref="WixSimulatorOptions.StatePath"/>.</summary>
public sealed partial class WixSimulatorControl
{
    internal SimulatorState CaptureState()
    {
        var now = Time.GetUtcNow();
        return new SimulatorState(
            SimulatorState.CurrentVersion,
            AppId,
            Interlocked.Read(ref _accessTokenSequence),
            [.. _instances.Values.OrderBy(i => i.InstanceId, StringComparer.Ordinal).Select(i => new SimulatorState.Instance(
                i.InstanceId, i.SiteId, i.OriginInstanceId, i.Installed, i.Configured, Interlocked.Read(ref i.AccessTokensValidFromSequence)))],
            [.. _refreshTokens.Values.OrderBy(r => r.Token, StringComparer.Ordinal).Select(r => new SimulatorState.RefreshToken(r.Token, r.InstanceId, r.Revoked))],
            [.. _accessTokens.Values.Where(a => a.ExpiresAt > now).OrderBy(a => a.Sequence).Select(a => new SimulatorState.AccessToken(
                a.Token, a.InstanceId, a.IssuedAt, a.ExpiresAt, a.Sequence))]);
    }

    /// <summary>Loads a saved state into a simulator that has not served anything yet.</summary>
    internal void RestoreState(SimulatorState state)
    {
        foreach (var saved in state.Instances)
        {
            _instances[saved.InstanceId] = new SimulatedInstance(saved.InstanceId, saved.SiteId, saved.OriginInstanceId)
            {
                Installed = saved.Installed,
                Configured = saved.Configured,
                AccessTokensValidFromSequence = saved.AccessTokensValidFromSequence,
            };
        }

        foreach (var saved in state.RefreshTokens)
        {
            _refreshTokens[saved.Token] = new RefreshTokenRecord(saved.Token, saved.InstanceId) { Revoked = saved.Revoked };
        }

        foreach (var saved in state.AccessTokens)
        {
            _accessTokens[saved.Token] = new AccessTokenRecord(saved.Token, saved.InstanceId, saved.IssuedAt, saved.ExpiresAt, saved.Sequence);
        }

        Interlocked.Exchange(ref _accessTokenSequence, state.AccessTokenSequence);
    }
}
