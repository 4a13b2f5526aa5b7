using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// A transaction holding <c>pg_advisory_xact_lock</c> for one instance. The lock is transaction-scoped, so it is
/// released by commit, rollback or the death of the connection (a crashed holder never blocks others), and it
/// works behind a transaction-pooling proxy. Writes are compare-and-swap on the row version read under the lock.
/// </summary>
internal sealed class PostgresRefreshLease : IWixRefreshLease
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly RefreshTokenProtector _protector;
    private readonly RotatedRefreshTokenWriteBack _writeBack;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _instanceId;
    private readonly string? _readCiphertext;
    private readonly SharedTokenRows? _sharedTokens;
    private bool _finished;

    private PostgresRefreshLease(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RefreshTokenProtector protector, RotatedRefreshTokenWriteBack writeBack,
        TimeProvider timeProvider, ILogger logger, string instanceId, InstallationRow? row, SharedTokenRows? sharedTokens, WixSharedToken? sharedToken)
    {
        _connection = connection;
        _transaction = transaction;
        _sharedTokens = sharedTokens;
        SharedToken = sharedToken;
        _protector = protector;
        _writeBack = writeBack;
        _timeProvider = timeProvider;
        _logger = logger;
        _instanceId = instanceId;
        _readCiphertext = row?.RefreshTokenCiphertext;
        Installation = row?.ToInstallation();
        RowVersion = row?.RowVersion ?? 0;
        // A rotated successor this process could not store yet is the live token; the stored one Wix has revoked.
        if ((writeBack.PendingSuccessor(instanceId, row?.RefreshTokenCiphertext) ?? row?.RefreshTokenCiphertext) is { } ciphertext)
        {
            RefreshToken = protector.TryUnprotect(instanceId, ciphertext, out var keyRevoked);
            if (RefreshToken is null)
            {
                RefreshTokenUndecryptable = true;
                if (keyRevoked)
                {
                    StoreLog.RefreshTokenKeyRevoked(logger, instanceId);
                }
                else
                {
                    StoreLog.RefreshTokenUndecryptable(logger, instanceId);
                }
            }
        }
    }

    public WixInstallation? Installation { get; }

    public string? RefreshToken { get; }

    public bool RefreshTokenUndecryptable { get; }

    public long RowVersion { get; }

    public WixSharedToken? SharedToken { get; }

    /// <summary>
    /// Takes the lock and reads the row under it; with <paramref name="sharedTokens"/> (the shared token cache is
    /// enabled) also the shared access token, on this lease's connection inside its transaction, where
    /// <see cref="CompleteRefreshAsync"/> writes it too: a refresh is seen by the next holder of the lock without a second
    /// pooled connection (which a busy host may not get in time) and never after the lock is released.
    /// </summary>
    public static async Task<PostgresRefreshLease> AcquireAsync(
        NpgsqlDataSource dataSource, RefreshTokenProtector protector, RotatedRefreshTokenWriteBack writeBack, TimeProvider timeProvider, ILogger logger,
        string instanceId, TimeSpan lockTimeout, SharedTokenRows? sharedTokens, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await RefreshLockSql.AcquireAsync(connection, transaction, instanceId, lockTimeout, cancellationToken).ConfigureAwait(false);

            var row = await connection.QuerySingleOrDefaultAsync<InstallationRow>(new CommandDefinition(
                $"SELECT {InstallationRow.Columns} FROM wix_installations WHERE instance_id = @instanceId",
                new { instanceId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var shared = sharedTokens is null || row is null
                ? null
                : await sharedTokens.ReadAsync(connection, transaction, instanceId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return new PostgresRefreshLease(connection, transaction, protector, writeBack, timeProvider, logger, instanceId, row, sharedTokens, shared);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task CompleteRefreshAsync(string? newRefreshToken, WixSharedToken? accessToken, CancellationToken cancellationToken)
    {
        // Never overwrite with empty: Wix omits the refresh token when it does not rotate it.
        var rotate = !string.IsNullOrEmpty(newRefreshToken) && !string.Equals(newRefreshToken, RefreshToken, StringComparison.Ordinal);
        var ciphertext = rotate ? _protector.Protect(_instanceId, newRefreshToken!) : null;
        const string sql = """
            UPDATE wix_installations
               SET refresh_token_ciphertext = COALESCE(@ciphertext, refresh_token_ciphertext),
                   strategy = @strategy, last_refresh_at = @now, fallback_reason = NULL, last_error_code = NULL,
                   refresh_retry_at = NULL, updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND row_version = @rowVersion
            """;
        // A lost swap must not lose a rotated token: Wix has already revoked the one we read (strict rotation), so
        // if the row still holds that one, ours is the only live token and is written after all.
        const string reapply = """
            UPDATE wix_installations
               SET refresh_token_ciphertext = @ciphertext,
                   strategy = @strategy, last_refresh_at = @now, fallback_reason = NULL, last_error_code = NULL,
                   refresh_retry_at = NULL, updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND status = 'installed' AND refresh_token_ciphertext = @readCiphertext
            """;
        try
        {
            await FinishAsync(sql, new { ciphertext, strategy = WixAuthStrategyNames.RefreshToken }, cancellationToken,
                onLostSwap: rotate && _readCiphertext is not null ? (reapply, new { ciphertext, strategy = WixAuthStrategyNames.RefreshToken, readCiphertext = _readCiphertext }) : null,
                share: accessToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && ciphertext is not null && _readCiphertext is not null && !cancellationToken.IsCancellationRequested)
        {
            // Wix has rotated: the token we read is revoked and ours is the only live one. The database did not take it
            // (too slow, restarting, gone); rolling back would lose it for good. It is written as soon as the database
            // takes it, and the access token Wix issued with it is served meanwhile. If the commit did reach the
            // database after all, the write-back finds its ciphertext replaced and stands down.
            _writeBack.Remember(_instanceId, _readCiphertext, ciphertext, ex);
        }
    }

    public async Task MarkRefreshTokenRevokedAsync(string? errorCode, CancellationToken cancellationToken)
    {
        // Quarantine, in the same transaction as the fallback: a refusal may be a mistake (Wix's or our configuration's),
        // and a deleted refresh token can never be recovered. Only a token still current under the lock is moved.
        const string sql = """
            WITH moved AS (
                INSERT INTO wix_quarantined_refresh_tokens (instance_id, refresh_token_ciphertext, error_code, quarantined_at)
                SELECT instance_id, refresh_token_ciphertext, @errorCode, @now FROM wix_installations
                 WHERE instance_id = @instanceId AND row_version = @rowVersion AND refresh_token_ciphertext IS NOT NULL
                ON CONFLICT (instance_id) DO UPDATE
                   SET refresh_token_ciphertext = EXCLUDED.refresh_token_ciphertext, error_code = EXCLUDED.error_code,
                       quarantined_at = EXCLUDED.quarantined_at
            )
            UPDATE wix_installations
               SET refresh_token_ciphertext = NULL, strategy = @strategy, fallback_reason = 'revoked',
                   last_fallback_at = @now, last_error_code = @errorCode, updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND row_version = @rowVersion
            """;
        await FinishAsync(sql, new { errorCode, strategy = WixAuthStrategyNames.ClientCredentials }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeferRefreshAsync(WixFallbackReason reason, string errorCode, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE wix_installations
               SET strategy = @strategy, fallback_reason = @reason, last_fallback_at = @now, last_error_code = @errorCode,
                   refresh_retry_at = @retryAt, updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND row_version = @rowVersion
            """;
        await FinishAsync(sql, new { errorCode, retryAt, reason = InstallationRow.ToDb(reason), strategy = WixAuthStrategyNames.ClientCredentials }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CountRefusalsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        // On the lease's own connection: a burst of refusals is exactly when every pooled connection may be held by a
        // lease, and a second connection per lease could wait for the pool. Committed rows of every process count.
        const string sql = """
            SELECT count(*)::int FROM (
                SELECT instance_id FROM wix_quarantined_refresh_tokens WHERE quarantined_at >= @since
                UNION
                SELECT instance_id FROM wix_installations WHERE fallback_reason = 'incident' AND last_fallback_at >= @since
            ) refused
             WHERE instance_id <> @instanceId
            """;
        return await _connection.ExecuteScalarAsync<int>(new CommandDefinition(
            sql, new { since, instanceId = _instanceId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task RecordTransientFailureAsync(string errorCode, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE wix_installations
               SET last_error_code = @errorCode, updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND row_version = @rowVersion
            """;
        await FinishAsync(sql, new { errorCode }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            try
            {
                await _transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is already broken; the server has rolled back and released the lock itself.
            }
            catch (InvalidOperationException)
            {
                // The transaction was already completed by a failed write.
            }
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task FinishAsync(
        string sql, object extra, CancellationToken cancellationToken, (string Sql, object Extra)? onLostSwap = null, WixSharedToken? share = null)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (Installation is null)
        {
            throw new InvalidOperationException($"Instance {_instanceId} has no installation row to update.");
        }

        var parameters = new DynamicParameters(extra);
        parameters.Add("instanceId", _instanceId);
        parameters.Add("rowVersion", RowVersion);
        parameters.Add("now", _timeProvider.GetUtcNow());
        var updated = await _connection.ExecuteAsync(new CommandDefinition(sql, parameters, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated == 0)
        {
            // Someone wrote the row without the lock (a webhook, a fallback record, a new install handshake).
            StoreLog.RefreshCasLost(_logger, _instanceId, RowVersion);
            if (onLostSwap is { } retry)
            {
                // Re-applied only over the very ciphertext read under the lock: a token stored meanwhile by a new
                // handshake is newer than ours and wins; a removal wins too.
                var retried = new DynamicParameters(retry.Extra);
                retried.Add("instanceId", _instanceId);
                retried.Add("now", _timeProvider.GetUtcNow());
                var reapplied = await _connection.ExecuteAsync(new CommandDefinition(retry.Sql, retried, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                StoreLog.RotatedTokenReapplied(_logger, _instanceId, reapplied == 1);
            }
        }

        if (share is not null && _sharedTokens is not null)
        {
            // Before the commit releases the lock: whoever takes it next reads this token instead of refreshing again.
            await _sharedTokens.PublishAsync(_connection, _transaction, share, owner: null, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _finished = true;
    }
}
