using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Internal.Telemetry;

namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>
/// The refresh-token grant for one instance, serialised across processes by the store's lease (advisory lock plus
/// re-read), so a token rotated by another process is seen before it is used. The lease (a transaction and a pooled
/// connection held while Wix answers) is taken only for an installation that has a refresh token it may present now.
/// Answers null when the instance must use client credentials instead, having recorded why.
/// </summary>
internal sealed class RefreshTokenStrategy(
    IWixRefreshTokenStore refreshTokens,
    IWixInstallationStore store,
    IWixTokenClient tokenClient,
    RefusalIncidentDetector incidents,
    IOptions<WixRefreshPolicyOptions> policy,
    IOptions<WixAuthOptions> authOptions,
    TimeProvider timeProvider,
    WixAdvancedMetrics metrics,
    ILogger<RefreshTokenStrategy> logger)
{
    /// <param name="instanceId">The instance to get a token for.</param>
    /// <param name="installation">
    /// The installation as the caller read it, by a plain read outside any transaction: an installation without a
    /// refresh token (client credentials, the common case) needs no lock, and no connection is held while Wix answers its
    /// client-credentials request. Only a hint; everything that matters is re-read under the lease.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for the store and Wix.</param>
    public async ValueTask<WixAccessToken?> TryAcquireAsync(string instanceId, WixInstallation? installation, CancellationToken cancellationToken)
    {
        if (installation is { Status: WixInstallationStatus.Removed })
        {
            throw WixInstallationRemovedException.For(instanceId);
        }

        if (CoolingDown(installation))
        {
            // Refused earlier and kept: the fallback is already recorded; the token waits for its retry time.
            return null;
        }

        var fallback = WixFallbackReason.Missing;
        if (installation is { HasRefreshToken: true })
        {
            // The span covers the lease's whole life (lock wait, Wix's answer, the write): the lock is held all along.
            using var leaseSpan = WixAdvancedActivities.Start(WixAdvancedActivities.RefreshLease, instanceId);
            await using var lease = await refreshTokens.AcquireMeasuredLeaseAsync(instanceId, metrics, timeProvider, cancellationToken).ConfigureAwait(false);
            installation = lease.Installation;
            if (installation is { Status: WixInstallationStatus.Removed })
            {
                throw WixInstallationRemovedException.For(instanceId);
            }

            if (CoolingDown(installation))
            {
                return null;
            }

            // Another process may have refreshed while this one waited for the lease (its claim on the shared token
            // cache expired, or this one could not reach the cache in time): the store read the token it shared under
            // the same lock, so a cluster refreshes once per token life, not once per process (one rotation, not N).
            if (lease.SharedToken is { } shared && shared.RefreshAt > timeProvider.GetUtcNow())
            {
                AdvancedLog.RefreshedElsewhere(logger, instanceId);
                return shared.Token;
            }

            if (lease.RefreshToken is { Length: > 0 } refreshToken)
            {
                // Null: refused; the lease recorded the fallback and its reason in the same transaction.
                return await RefreshAsync(lease, instanceId, refreshToken, cancellationToken).ConfigureAwait(false);
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

    private bool CoolingDown(WixInstallation? installation) =>
        installation is { HasRefreshToken: true, RefreshRetryAt: { } retryAt } && retryAt > timeProvider.GetUtcNow();

    /// <summary>
    /// Keeps the refresh token, records why with the code, serves by client credentials and does not present the token
    /// again until the cooldown has passed: for answers that are permanent but no verdict on the token itself.
    /// </summary>
    private async Task DeferRefreshAsync(IWixRefreshLease lease, string instanceId, WixTokenErrorKind kind, string code, CancellationToken cancellationToken)
    {
        var retryAt = timeProvider.GetUtcNow() + policy.Value.RefusedCooldown;
        await lease.DeferRefreshAsync(WixFallbackReason.Refused, code, retryAt, cancellationToken).ConfigureAwait(false);
        AdvancedLog.RefreshRefusedCooldown(logger, instanceId, kind.ToString(), code, retryAt);
        metrics.RefreshRefused("kept_cooldown");
        Activated(instanceId, WixFallbackReason.Refused);
    }

    private async Task<WixAccessToken?> RefreshAsync(IWixRefreshLease lease, string instanceId, string refreshToken, CancellationToken cancellationToken)
    {
        WixTokenResponse response;
        try
        {
            response = await tokenClient.RefreshAsync(refreshToken, instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (WixTokenException ex) when (ex.Kind == WixTokenErrorKind.InvalidGrant)
        {
            await RefusedAsync(lease, instanceId, ex.Error ?? "invalid_grant", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (WixTokenException ex) when (ex.Kind is WixTokenErrorKind.InvalidClient or WixTokenErrorKind.InvalidRequest)
        {
            // Permanent, but not a verdict on this token (invalid_client is our credentials; a 400 without an error
            // says nothing): keep it, record the code, serve by client credentials and do not present it again until
            // the cooldown has passed, instead of on every call.
            var code = ex.Error ?? (ex.StatusCode is { } status ? $"http_{status}" : ex.Kind.ToString());
            await DeferRefreshAsync(lease, instanceId, ex.Kind, code, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (WixTokenException ex) when (ex.Kind == WixTokenErrorKind.Protocol)
        {
            // A 200 without a usable access token, unparseable JSON, a redirect or an oversized body: the answer says
            // nothing about the refresh token. Keep the stored one (a rotated successor we could not read is lost either
            // way; deleting ours would not bring it back), serve by client credentials, and cool down rather than ask
            // for the broken answer on every call (a 502 per call before).
            var code = ex.StatusCode is null or 200 ? "malformed_response" : $"http_{ex.StatusCode}";
            await DeferRefreshAsync(lease, instanceId, ex.Kind, code, cancellationToken).ConfigureAwait(false);
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

        // Tied to the generation read under the lease, and shared in the lease's own write (a store that shares access
        // tokens), before the lock is released: the next process to take it uses this token instead of refreshing.
        var token = new WixAccessToken(instanceId, response.AccessToken, response.ExpiresAt, WixAuthStrategyNames.RefreshToken)
        {
            Generation = lease.Installation?.Generation ?? 0,
        };
        var shared = WixSharedToken.RefreshAtFor(token, timeProvider.GetUtcNow(), authOptions.Value.TokenExpirySkew) is { } refreshAt
            ? new WixSharedToken(token, refreshAt)
            : null;

        // Rotation-safe: the lease persists a different non-empty token (compare-and-swap) and keeps the stored one otherwise.
        await lease.CompleteRefreshAsync(response.RefreshToken, shared, cancellationToken).ConfigureAwait(false);
        incidents.RecordSuccess();
        AdvancedLog.Refreshed(logger, instanceId);
        return token;
    }

    /// <summary>
    /// <c>invalid_grant</c>: quarantined (never deleted) when it may be taken at its word; kept and retried later when
    /// it is one of many refusals at once.
    /// </summary>
    private async Task RefusedAsync(IWixRefreshLease lease, string instanceId, string error, CancellationToken cancellationToken)
    {
        // Counted through the store too (issue 11 item 4): a mass refusal spread over several hosts is one incident.
        var refusedElsewhere = await lease.CountRefusalsSinceAsync(timeProvider.GetUtcNow() - policy.Value.IncidentWindow, cancellationToken).ConfigureAwait(false);
        if (incidents.RecordRefusal(instanceId, refusedElsewhere))
        {
            var retryAt = timeProvider.GetUtcNow() + policy.Value.IncidentRetryDelay;
            await lease.DeferRefreshAsync(WixFallbackReason.Incident, error, retryAt, cancellationToken).ConfigureAwait(false);
            AdvancedLog.RefreshDeferredForIncident(logger, instanceId, error, retryAt);
            metrics.RefreshRefused("kept_incident");
            Activated(instanceId, WixFallbackReason.Incident);
            return;
        }

        await lease.MarkRefreshTokenRevokedAsync(error, cancellationToken).ConfigureAwait(false);
        AdvancedLog.RefreshTokenQuarantined(logger, instanceId);
        metrics.RefreshRefused("quarantined");
        Activated(instanceId, WixFallbackReason.Revoked);
    }

    private void Activated(string instanceId, WixFallbackReason reason)
    {
        AdvancedLog.FallbackActivated(logger, instanceId, reason);
        metrics.FallbackActivated(reason);
    }
}
