using Microsoft.Extensions.Logging;

namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>
/// The refresh-token grant for one instance, serialised across processes by the store's lease (advisory lock plus
/// re-read), so a token rotated by another process is seen before it is used. The lease (a transaction and a pooled
/// connection held while Wix answers) is taken only for an installation that has a refresh token. Answers null when the
/// instance must use client credentials instead, having recorded why.
/// </summary>
internal sealed class RefreshTokenStrategy(
    IWixInstallationStore store,
    IWixTokenClient tokenClient,
    WixAdvancedMetrics metrics,
    ILogger<RefreshTokenStrategy> logger)
{
    public async ValueTask<WixAccessToken?> TryAcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        // A plain read first, outside any transaction: an installation without a refresh token (client credentials,
        // the common case) needs no lock, and no connection is held while Wix answers its client-credentials request.
        var installation = await store.FindAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (installation is { Status: WixInstallationStatus.Removed })
        {
            throw WixInstallationRemovedException.For(instanceId);
        }

        var fallback = WixFallbackReason.Missing;
        if (installation is { HasRefreshToken: true })
        {
            await using var lease = await store.AcquireRefreshLeaseAsync(instanceId, cancellationToken).ConfigureAwait(false);
            installation = lease.Installation;
            if (installation is { Status: WixInstallationStatus.Removed })
            {
                throw WixInstallationRemovedException.For(instanceId);
            }

            if (lease.RefreshToken is { Length: > 0 } refreshToken)
            {
                var token = await RefreshAsync(lease, instanceId, refreshToken, cancellationToken).ConfigureAwait(false);
                if (token is not null)
                {
                    return token;
                }

                // Revoked: the lease already recorded the fallback with its reason, in the same transaction.
                Activated(instanceId, WixFallbackReason.Revoked);
                return null;
            }

            fallback = lease.RefreshTokenUndecryptable ? WixFallbackReason.Undecryptable : WixFallbackReason.Missing;
        }

        // Recorded once per change of state, not on every call the fallback serves (the token manager caches, but
        // client-credentials tokens expire and a busy instance would otherwise write a row every few hours per process).
        // A recorded reason (e.g. revoked) already explains a missing token; only undecryptable is news on top of one.
        if (installation is not null
            && (installation.FallbackReason is null || (fallback == WixFallbackReason.Undecryptable && installation.FallbackReason != fallback)))
        {
            await store.RecordFallbackAsync(instanceId, fallback, errorCode: null, cancellationToken).ConfigureAwait(false);
            Activated(instanceId, fallback);
        }

        return null;
    }

    private async Task<WixAccessToken?> RefreshAsync(IWixRefreshLease lease, string instanceId, string refreshToken, CancellationToken cancellationToken)
    {
        WixTokenResponse response;
        try
        {
            response = await tokenClient.RefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
        }
        catch (WixTokenException ex) when (ex.Kind == WixTokenErrorKind.InvalidGrant)
        {
            await lease.MarkRefreshTokenRevokedAsync(ex.Error ?? "invalid_grant", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (WixTokenException ex) when (ex.IsTransient)
        {
            // Never discard a refresh token on a transient error: the caller retries later with the same one.
            var code = ex.Error ?? (ex.StatusCode is { } status ? $"http_{status}" : "transient");
            await lease.RecordTransientFailureAsync(code, cancellationToken).ConfigureAwait(false);
            AdvancedLog.RefreshTransientFailure(logger, instanceId, code);
            throw;
        }

        // Rotation-safe: the lease persists a different non-empty token (compare-and-swap) and keeps the stored one otherwise.
        await lease.CompleteRefreshAsync(response.RefreshToken, cancellationToken).ConfigureAwait(false);
        AdvancedLog.Refreshed(logger, instanceId);
        return new WixAccessToken(instanceId, response.AccessToken, response.ExpiresAt, WixAuthStrategyNames.RefreshToken);
    }

    private void Activated(string instanceId, WixFallbackReason reason)
    {
        AdvancedLog.FallbackActivated(logger, instanceId, reason);
        metrics.FallbackActivated(reason);
    }
}
