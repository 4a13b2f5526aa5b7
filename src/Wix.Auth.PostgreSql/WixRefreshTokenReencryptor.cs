using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.PostgreSql;

/// <summary>
/// Rewrites every stored refresh token that is not under the current default key, so an old key can be retired.
/// Keyset-paginated by instance ID, one transaction per batch; rows already under the default key are left alone,
/// so a run interrupted half-way simply resumes when started again.
/// </summary>
public sealed class WixRefreshTokenReencryptor
{
    private readonly WixPostgresDataSource _dataSource;
    private readonly RefreshTokenProtector _protector;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal WixRefreshTokenReencryptor(WixPostgresDataSource dataSource, RefreshTokenProtector protector, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _protector = protector;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Re-encrypts in batches of <paramref name="batchSize"/>, reporting totals after each batch; rows under a revoked key are left alone.</summary>
    public Task<ReencryptionResult> ReencryptAllAsync(int batchSize, IProgress<ReencryptionProgress>? progress, CancellationToken cancellationToken) =>
        ReencryptAllAsync(batchSize, includeRevokedKeys: false, progress, cancellationToken);

    /// <summary>
    /// As <see cref="ReencryptAllAsync(int, IProgress{ReencryptionProgress}?, CancellationToken)"/>; with
    /// <paramref name="includeRevokedKeys"/>, rows under a revoked key are rescued too (re-protected under the current key).
    /// Only for a key revoked for another reason than a compromise: whoever had a compromised key could have written them.
    /// </summary>
    public async Task<ReencryptionResult> ReencryptAllAsync(
        int batchSize, bool includeRevokedKeys, IProgress<ReencryptionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var totals = new ReencryptionResult(0, 0, 0, 0, 0);
        var last = string.Empty;
        var batches = 0;
        while (true)
        {
            await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var rows = (await connection.QueryAsync<(string InstanceId, string Ciphertext, long RowVersion)>(new CommandDefinition(
                """
                SELECT instance_id, refresh_token_ciphertext, row_version FROM wix_installations
                 WHERE instance_id > @last AND refresh_token_ciphertext IS NOT NULL
                 ORDER BY instance_id LIMIT @batchSize
                """,
                new { last, batchSize }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            if (rows.Count == 0)
            {
                return totals;
            }

            int reencrypted = 0, current = 0, undecryptable = 0, skipped = 0, revoked = 0;
            foreach (var row in rows)
            {
                switch (await ReencryptRowAsync(connection, transaction, row, includeRevokedKeys, cancellationToken).ConfigureAwait(false))
                {
                    case RowOutcome.Reencrypted: reencrypted++; break;
                    case RowOutcome.Current: current++; break;
                    case RowOutcome.Undecryptable: undecryptable++; break;
                    case RowOutcome.Revoked: revoked++; break;
                    default: skipped++; break;
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            last = rows[^1].InstanceId;
            batches++;
            totals = new ReencryptionResult(
                totals.Scanned + rows.Count, totals.Reencrypted + reencrypted, totals.AlreadyCurrent + current,
                totals.Undecryptable + undecryptable, totals.Skipped + skipped, totals.UnderRevokedKey + revoked);
            StoreLog.ReencryptBatch(_logger, rows.Count, reencrypted, undecryptable, skipped);
            progress?.Report(new ReencryptionProgress(batches, totals, last));
        }
    }

    private async Task<RowOutcome> ReencryptRowAsync(
        Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, (string InstanceId, string Ciphertext, long RowVersion) row,
        bool includeRevokedKeys, CancellationToken cancellationToken)
    {
        // The refresh lease's lock: a refresh in flight would otherwise lose its compare-and-swap and its rotated token.
        var locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            RefreshLockSql.TryAcquire,
            new { instanceId = row.InstanceId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!locked)
        {
            return RowOutcome.Skipped;
        }

        string plaintext;
        bool requiresMigration;
        try
        {
            var persisted = (IPersistedDataProtector)_protector.For(row.InstanceId);
            var bytes = persisted.DangerousUnprotect(Base64Url.DecodeFromChars(row.Ciphertext), ignoreRevocationErrors: true, out requiresMigration, out var wasRevoked);
            if (wasRevoked && !includeRevokedKeys)
            {
                CryptographicOperations.ZeroMemory(bytes);
                return RowOutcome.Revoked;
            }

            requiresMigration |= wasRevoked;
            plaintext = Encoding.UTF8.GetString(bytes);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return RowOutcome.Undecryptable;
        }

        if (!requiresMigration)
        {
            return RowOutcome.Current;
        }

        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE wix_installations SET refresh_token_ciphertext = @ciphertext, updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND row_version = @rowVersion
            """,
            new { ciphertext = _protector.Protect(row.InstanceId, plaintext), now = _timeProvider.GetUtcNow(), instanceId = row.InstanceId, rowVersion = row.RowVersion },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return updated == 1 ? RowOutcome.Reencrypted : RowOutcome.Skipped;
    }

    private enum RowOutcome
    {
        Reencrypted,
        Current,
        Undecryptable,
        Skipped,
        Revoked,
    }
}
