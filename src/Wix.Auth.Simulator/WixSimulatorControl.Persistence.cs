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
            Tokens.AccessTokenSequence,
            [.. Sites.All.OrderBy(i => i.InstanceId, StringComparer.Ordinal).Select(i => new SimulatorState.Instance(
                i.InstanceId, i.SiteId, i.OriginInstanceId, i.Installed, i.Configured, Interlocked.Read(ref i.AccessTokensValidFromSequence)))],
            [.. Tokens.RefreshTokens.OrderBy(r => r.Token, StringComparer.Ordinal).Select(r => new SimulatorState.RefreshToken(r.Token, r.InstanceId, r.Revoked))],
            [.. Tokens.AccessTokens.Where(a => a.ExpiresAt > now).OrderBy(a => a.Sequence).Select(a => new SimulatorState.AccessToken(
                a.Token, a.InstanceId, a.IssuedAt, a.ExpiresAt, a.Sequence))]);
    }

    /// <summary>Loads a saved state into a simulator that has not served anything yet.</summary>
    internal void RestoreState(SimulatorState state)
    {
        foreach (var saved in state.Instances)
        {
            Sites.Restore(new SimulatedInstance(saved.InstanceId, saved.SiteId, saved.OriginInstanceId)
            {
                Installed = saved.Installed,
                Configured = saved.Configured,
                AccessTokensValidFromSequence = saved.AccessTokensValidFromSequence,
            });
        }

        Tokens.Restore(
            state.RefreshTokens.Select(saved => new RefreshTokenRecord(saved.Token, saved.InstanceId) { Revoked = saved.Revoked }),
            state.AccessTokens.Select(saved => new AccessTokenRecord(saved.Token, saved.InstanceId, saved.IssuedAt, saved.ExpiresAt, saved.Sequence)),
            state.AccessTokenSequence);
    }
}
