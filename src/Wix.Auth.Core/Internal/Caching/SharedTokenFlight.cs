using Microsoft.Extensions.Logging;
using Wix.Auth.Internal.Telemetry;

namespace Wix.Auth.Internal.Caching;

/// <summary>
/// The token manager's path through the shared second level, run inside its in-process single flight (one per instance
/// per process): the shared token if there is one; else a claim, and the winner asks the strategy and publishes; a loser
/// polls with a bounded backoff until the token appears or the claim is gone (then it claims itself). No connection is
/// held while Wix answers. Any failure of the second level (an implementation should not throw, but one may) is treated
/// as a miss: the strategy is asked, as without a second level, and the failure is logged once until it works again.
/// </summary>
internal sealed class SharedTokenFlight(
    IWixSharedTokenCache cache,
    IWixAuthStrategy strategy,
    TimeProvider time,
    WixAuthMetrics metrics,
    ILogger logger,
    TimeSpan maxWait)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);
    private int _failing;

    /// <param name="instanceId">The instance.</param>
    /// <param name="rejected">An access token a Wix API rejected (<see cref="IWixTokenManager.Invalidate(string)"/>): never taken from the shared level.</param>
    /// <param name="refreshAt">When a token acquired here must be replaced (expiry minus skew); null when already expired.</param>
    public async Task<WixSharedToken> AcquireAsync(string instanceId, string? rejected, Func<WixAccessToken, DateTimeOffset?> refreshAt)
    {
        if (await GetAsync(instanceId, rejected).ConfigureAwait(false) is { } hit)
        {
            return hit;
        }

        var deadline = time.GetUtcNow() + maxWait;
        var delay = FirstPoll;
        while (true)
        {
            if (await TryClaimAsync(instanceId).ConfigureAwait(false))
            {
                return await AskStrategyAsync(instanceId, refreshAt, claimed: true).ConfigureAwait(false);
            }

            await Task.Delay(delay, time, CancellationToken.None).ConfigureAwait(false);
            delay = delay * 2 < MaxPoll ? delay * 2 : MaxPoll;
            if (await GetAsync(instanceId, rejected).ConfigureAwait(false) is { } published)
            {
                return published;
            }

            if (time.GetUtcNow() >= deadline)
            {
                // A claim that outlives every reasonable Wix answer: stop waiting for it.
                Log.SharedClaimWaitExceeded(logger, instanceId, maxWait);
                return await AskStrategyAsync(instanceId, refreshAt, claimed: false).ConfigureAwait(false);
            }
        }
    }

    private async Task<WixSharedToken> AskStrategyAsync(string instanceId, Func<WixAccessToken, DateTimeOffset?> refreshAt, bool claimed)
    {
        WixAccessToken token;
        try
        {
            token = await strategy.AcquireTokenAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            if (claimed)
            {
                await Guarded(() => cache.ReleaseClaimAsync(instanceId, CancellationToken.None)).ConfigureAwait(false);
            }

            throw;
        }

        var entry = new WixSharedToken(token, refreshAt(token) ?? token.ExpiresAt);
        if (claimed)
        {
            await Guarded(() => cache.SetAsync(entry, CancellationToken.None)).ConfigureAwait(false);
        }

        return entry;
    }

    private async Task<WixSharedToken?> GetAsync(string instanceId, string? rejected)
    {
        WixSharedToken? entry = null;
        await Guarded(async () => entry = await cache.GetAsync(instanceId, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
        if (entry is not null && entry.RefreshAt > time.GetUtcNow())
        {
            if (rejected is not null && string.Equals(entry.Token.AccessToken, rejected, StringComparison.Ordinal))
            {
                // The token a Wix API just rejected: drop it for everyone rather than hand it back.
                await Guarded(() => cache.RemoveAsync(instanceId, rejected, CancellationToken.None)).ConfigureAwait(false);
                metrics.SharedLookup(hit: false);
                return null;
            }

            metrics.SharedLookup(hit: true);
            Log.SharedTokenServed(logger, instanceId);
            return entry;
        }

        metrics.SharedLookup(hit: false);
        return null;
    }

    private async Task<bool> TryClaimAsync(string instanceId)
    {
        var claimed = true;
        await Guarded(async () => claimed = await cache.TryClaimAsync(instanceId, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
        return claimed;
    }

    private async Task Guarded(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                Log.SharedLevelRecovered(logger);
            }
        }
#pragma warning disable CA1031 // The second level is an optimisation: its failure must never fail a token request.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                Log.SharedLevelFailed(logger, ex.GetType().Name);
            }
        }
    }
}
