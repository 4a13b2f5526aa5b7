using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Instances;

/// <summary>
/// The installation store, noticing when the install handshake stored a refresh token (only the handshake does) and then
/// queueing the instance's automatic finish-setup. Used only with <c>WixAuth:FinishSetupAfterInstall</c> = true.
/// </summary>
internal sealed class FinishSetupAfterInstallStore(IWixInstallationStore inner, FinishSetupQueue queue) : IWixInstallationStore
{
    public async Task SaveRefreshTokenAsync(string instanceId, string refreshToken, CancellationToken cancellationToken)
    {
        await inner.SaveRefreshTokenAsync(instanceId, refreshToken, cancellationToken);
        queue.TryEnqueue(instanceId);
    }

    public Task<WixInstallation?> FindAsync(string instanceId, CancellationToken cancellationToken) =>
        inner.FindAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<WixInstallation>> ListAsync(int offset, int limit, CancellationToken cancellationToken) =>
        inner.ListAsync(offset, limit, cancellationToken);

    public Task RecordInstalledAsync(string instanceId, CancellationToken cancellationToken) =>
        inner.RecordInstalledAsync(instanceId, cancellationToken);

    public Task MarkRemovedAsync(string instanceId, CancellationToken cancellationToken) =>
        inner.MarkRemovedAsync(instanceId, cancellationToken);

    public Task RecordFallbackAsync(string instanceId, WixFallbackReason reason, string? errorCode, CancellationToken cancellationToken) =>
        inner.RecordFallbackAsync(instanceId, reason, errorCode, cancellationToken);
}
