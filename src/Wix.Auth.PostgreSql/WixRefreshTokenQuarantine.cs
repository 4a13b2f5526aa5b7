using Dapper;
using Microsoft.Extensions.Logging;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.PostgreSql;

/// <summary>
/// The refresh tokens Wix refused with <c>invalid_grant</c>, kept instead of deleted (a refusal may be a mistake: a local
/// Wix that forgot its sites, a wrong app secret, a fault at Wix). Lists them, and restores those Wix accepts again: the
/// token is presented once more, and if Wix answers with an access token the (possibly rotated) refresh token becomes
/// the installation's again, under the instance's refresh lock.
/// </summary>
public sealed class WixRefreshTokenQuarantine
{
    /// <summary>
    /// The error-code prefix of a token quarantined because the migration to client credentials recorded its
    /// installation as removed (Wix refused client credentials for it). Restoring such a token also reinstates the
    /// installation: Wix accepting the refresh token proves the app is still installed there.
    /// </summary>
    public const string NotInstalledErrorPrefix = "not_installed_";

    private readonly WixPostgresDataSource _dataSource;
    private readonly RefreshTokenProtector _protector;
    private readonly IWixTokenClient _tokenClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal WixRefreshTokenQuarantine(
        WixPostgresDataSource dataSource, RefreshTokenProtector protector, IWixTokenClient tokenClient, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _protector = protector;
        _tokenClient = tokenClient;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The quarantined tokens, oldest refusal first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<WixQuarantinedRefreshToken>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string InstanceId, string? ErrorCode, DateTime QuarantinedAt)>(new CommandDefinition(
            "SELECT instance_id, error_code, quarantined_at FROM wix_quarantined_refresh_tokens ORDER BY quarantined_at, instance_id LIMIT @limit",
            new { limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new WixQuarantinedRefreshToken(
            r.InstanceId, r.ErrorCode, new DateTimeOffset(DateTime.SpecifyKind(r.QuarantinedAt, DateTimeKind.Utc)))).ToList();
    }

    /// <summary>Presents the quarantined token of <paramref name="instanceId"/> to Wix once and restores it if accepted.</summary>
    public async Task<WixQuarantineRestoreOutcome> RestoreAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        (string? Ciphertext, string? ErrorCode) entry;
        await using (var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            entry = await connection.QuerySingleOrDefaultAsync<(string?, string?)>(new CommandDefinition(
                "SELECT refresh_token_ciphertext, error_code FROM wix_quarantined_refresh_tokens WHERE instance_id = @instanceId",
                new { instanceId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        if (entry.Ciphertext is not { } ciphertext)
        {
            return WixQuarantineRestoreOutcome.NotFound;
        }

        var removedByMigration = entry.ErrorCode?.StartsWith(NotInstalledErrorPrefix, StringComparison.Ordinal) == true;

        if (_protector.TryUnprotect(instanceId, ciphertext) is not { Length: > 0 } refreshToken)
        {
            return WixQuarantineRestoreOutcome.Undecryptable;
        }

        WixTokenResponse response;
        try
        {
            // No lock is needed to ask: the installation has no refresh token of its own, so nothing else presents this one.
            response = await _tokenClient.RefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
        }
        catch (WixTokenException ex) when (ex.Kind == WixTokenErrorKind.InvalidGrant)
        {
            return WixQuarantineRestoreOutcome.StillRefused;
        }
        catch (WixTokenException)
        {
            return WixQuarantineRestoreOutcome.WixUnavailable;
        }

        // Wix may have rotated it: what it answered is the token to keep from now on.
        var current = string.IsNullOrEmpty(response.RefreshToken) ? refreshToken : response.RefreshToken;
        var restored = await WriteBackAsync(instanceId, _protector.Protect(instanceId, current), removedByMigration, cancellationToken).ConfigureAwait(false);
        if (restored)
        {
            StoreLog.QuarantineRestored(_logger, instanceId);
        }

        return restored ? WixQuarantineRestoreOutcome.Restored : WixQuarantineRestoreOutcome.Superseded;
    }

    private async Task<bool> WriteBackAsync(string instanceId, string ciphertext, bool reinstate, CancellationToken cancellationToken)
    {
        // Under the same per-instance lock as every refresh, so no refresh sees half of it.
        await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            RefreshLockSql.Acquire,
            new { instanceId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE wix_installations
               SET refresh_token_ciphertext = @ciphertext, strategy = @strategy, fallback_reason = NULL, last_error_code = NULL,
                   refresh_retry_at = NULL, status = 'installed', updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND refresh_token_ciphertext IS NULL
               AND (status = 'installed' OR (@reinstate AND status = 'removed'))
            """,
            new { instanceId, ciphertext, reinstate, strategy = WixAuthStrategyNames.RefreshToken, now = _timeProvider.GetUtcNow() },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wix_quarantined_refresh_tokens WHERE instance_id = @instanceId",
            new { instanceId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }
}
