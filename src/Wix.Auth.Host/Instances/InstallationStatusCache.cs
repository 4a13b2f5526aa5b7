using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Options;

namespace Wix.Auth.Host.Instances;

/// <summary>
/// Remembers, for <see cref="WixAuthHostOptions.InstallationCacheDuration"/>, whether an instance is installed, so the
/// token API's hot path costs no database round trip per request. Concurrent readers of one instance share one read.
/// A webhook handled in this process evicts its instance at once; other processes see the change within the duration.
/// </summary>
internal sealed class InstallationStatusCache(
    IWixInstallationStore store,
    TimeProvider timeProvider,
    IOptions<WixAuthHostOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _duration = options.Value.InstallationCacheDuration;

    /// <summary>True when the instance is known and not removed.</summary>
    public async ValueTask<bool> IsInstalledAsync(string instanceId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(instanceId, out var entry) && entry.ExpiresAt > now)
        {
            return await entry.Lookup.Value.WaitAsync(cancellationToken);
        }

        // Lazy: a lookup that loses the race to be stored is never started.
        var fresh = new Entry(new Lazy<Task<bool>>(() => LookupAsync(instanceId)), now + _duration);
        var winner = _entries.AddOrUpdate(
            instanceId,
            fresh,
            (_, existing) => existing.ExpiresAt > now ? existing : fresh);
        try
        {
            return await winner.Lookup.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed read must not be remembered: the next caller tries the database again.
            _entries.TryRemove(new KeyValuePair<string, Entry>(instanceId, winner));
            throw;
        }
    }

    /// <summary>Forgets what is known about <paramref name="instanceId"/> (after a webhook changed it).</summary>
    public void Evict(string instanceId) => _entries.TryRemove(instanceId, out _);

    private async Task<bool> LookupAsync(string instanceId)
    {
        // Not bound to one caller's token: several callers share this read.
        var installation = await store.FindAsync(instanceId, CancellationToken.None);
        return installation is { Status: WixInstallationStatus.Installed };
    }

    private sealed record Entry(Lazy<Task<bool>> Lookup, DateTimeOffset ExpiresAt);
}
