using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.PostgreSql;

/// <summary>
/// Imports installations from a legacy database (teams moving off their own custom-auth code): every row in one
/// transaction, so an import either lands whole or not at all, written in batches. Refresh tokens are encrypted exactly
/// as the install handshake stores them (same Data Protection purpose, bound to the instance). Idempotent: instances
/// already known keep what they have unless <see cref="WixImportOptions.Overwrite"/>, and an identical refresh token
/// is never rewritten, so a second run of the same input changes nothing.
/// </summary>
public sealed class WixInstallationImporter
{
    private const string LockKey = "wix-import";

    private const string SelectKnown = """
        SELECT instance_id AS InstanceId, status AS Status, refresh_token_ciphertext AS Ciphertext
          FROM wix_installations WHERE instance_id = ANY(@ids) FOR UPDATE
        """;

    // Known instances were filtered out under FOR UPDATE in this transaction; DO NOTHING only guards a webhook that
    // records the instance in between (it then keeps what the webhook wrote and counts as unchanged).
    private const string InsertNew = """
        INSERT INTO wix_installations (instance_id, status, strategy, refresh_token_ciphertext, installed_at, updated_at, row_version)
        SELECT i, 'installed', s, c, @now, @now, 1 FROM unnest(@ids, @strategies, @ciphertexts) AS t(i, s, c)
        ON CONFLICT (instance_id) DO NOTHING
        """;

    private const string ReplaceToken = """
        UPDATE wix_installations
           SET refresh_token_ciphertext = @ciphertext, strategy = @strategy, fallback_reason = NULL, last_error_code = NULL,
               updated_at = @now, row_version = row_version + 1
         WHERE instance_id = @instanceId
        """;

    private readonly WixPostgresDataSource _dataSource;
    private readonly RefreshTokenProtector _protector;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal WixInstallationImporter(WixPostgresDataSource dataSource, RefreshTokenProtector protector, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _protector = protector;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Imports <paramref name="installations"/> (validated by the caller: one entry per instance ID). Throws
    /// <see cref="ArgumentException"/> when an instance appears twice; nothing is written then.
    /// </summary>
    public async Task<WixImportResult> ImportAsync(
        IReadOnlyList<WixImportedInstallation> installations, WixImportOptions options, IProgress<WixImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        var duplicates = installations.GroupBy(i => i.InstanceId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ArgumentException($"Each instance may appear once; repeated: {string.Join(", ", duplicates.Take(5))}.", nameof(installations));
        }

        var now = _timeProvider.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The outbox trigger marks the events of this transaction as coming from an import.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT set_config('wix_auth.change_source', 'import', true)", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Two imports at once would each see the other's rows as unknown until commit; one waits for the other instead.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = LockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        for (var start = 0; start < installations.Count; start += options.BatchSize)
        {
            var batch = installations.Skip(start).Take(options.BatchSize).ToList();
            var known = (await connection.QueryAsync<KnownRow>(new CommandDefinition(
                    SelectKnown, new { ids = batch.Select(b => b.InstanceId).ToArray() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
                .ToDictionary(k => k.InstanceId, StringComparer.Ordinal);

            var fresh = batch.Where(b => !known.ContainsKey(b.InstanceId)).ToList();
            if (fresh.Count > 0)
            {
                var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertNew, new
                {
                    ids = fresh.Select(f => f.InstanceId).ToArray(),
                    strategies = fresh.Select(f => f.RefreshToken is null ? WixAuthStrategyNames.ClientCredentials : WixAuthStrategyNames.RefreshToken).ToArray(),
                    ciphertexts = fresh.Select(f => f.RefreshToken is null ? null : _protector.Protect(f.InstanceId, f.RefreshToken)).ToArray(),
                    now,
                }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                created += inserted;
                unchanged += fresh.Count - inserted;
            }

            foreach (var item in batch.Where(b => known.ContainsKey(b.InstanceId)))
            {
                if (await OverwriteAsync(connection, transaction, known[item.InstanceId], item, options.Overwrite, now, cancellationToken).ConfigureAwait(false))
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }

            progress?.Report(new WixImportProgress(Math.Min(start + batch.Count, installations.Count), installations.Count));
        }

        if (options.DryRun)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = new WixImportResult(installations.Count, created, updated, unchanged, installations.Count(i => i.RefreshToken is not null));
        MigrationLog.Imported(_logger, result.Total, result.Created, result.Updated, result.Unchanged, options.DryRun);
        return result;
    }

    /// <summary>True when a known instance's refresh token was replaced (overwrite, installed, a different token).</summary>
    private async Task<bool> OverwriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, KnownRow known, WixImportedInstallation item, bool overwrite, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A row without a token never deletes a stored one, and a removed installation stays removed: Wix said so
        // after the legacy database was exported. Comparing plaintexts keeps a re-run idempotent (ciphertexts differ each time).
        if (!overwrite || item.RefreshToken is null || known.Status == "removed"
            || (known.Ciphertext is not null && _protector.TryUnprotect(item.InstanceId, known.Ciphertext) == item.RefreshToken))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(ReplaceToken, new
        {
            instanceId = item.InstanceId,
            ciphertext = _protector.Protect(item.InstanceId, item.RefreshToken),
            strategy = WixAuthStrategyNames.RefreshToken,
            now,
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return true;
    }

    private sealed record KnownRow(string InstanceId, string Status, string? Ciphertext);
}
