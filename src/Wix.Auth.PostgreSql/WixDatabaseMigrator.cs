using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.PostgreSql;

/// <summary>
/// Applies the numbered SQL files embedded in this assembly, in order, each in its own transaction, recording
/// version and SHA-256 checksum. Several processes may start at once: a session-level advisory lock on a dedicated
/// connection lets exactly one of them migrate while the others wait and then find nothing to do.
/// </summary>
public sealed class WixDatabaseMigrator
{
    // A fixed key for the migration lock; distinct from the per-instance refresh locks, which hash 'wix-refresh:<id>'.
    private const string LockKey = "wix-auth-migrations";

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS wix_schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<WixMigration> _migrations;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator over <paramref name="dataSource"/>, for apps and tools that do not use our DI registration.</summary>
    public WixDatabaseMigrator(NpgsqlDataSource dataSource, ILogger<WixDatabaseMigrator>? logger = null)
        : this(dataSource, WixMigration.LoadEmbedded(), logger ?? NullLogger<WixDatabaseMigrator>.Instance)
    {
    }

    internal WixDatabaseMigrator(NpgsqlDataSource dataSource, IReadOnlyList<WixMigration> migrations, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _migrations = migrations;
        _logger = logger;
    }

    /// <summary>Applies every pending migration. Throws <see cref="WixMigrationChecksumException"/> when an applied file was edited.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtextextended(@key, 0))", new { key = LockKey }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateHistoryTable, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var migration in _migrations)
            {
                if (applied.ContainsKey(migration.Version))
                {
                    continue;
                }

                StoreLog.ApplyingMigration(_logger, migration.Version, migration.Name);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO wix_schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                    new { migration.Version, migration.Name, migration.Checksum },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                count++;
            }

            StoreLog.MigrationsDone(_logger, count, _migrations.Count);
        }
        finally
        {
            // Not cancellable: the lock must be released even when the caller gave up, or other starters would wait forever.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", new { key = LockKey }, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// True when every embedded migration is applied with its recorded checksum (for readiness probes).
    /// Throws <see cref="WixMigrationChecksumException"/> when an applied file was edited, and
    /// <see cref="WixStoreUnavailableException"/> when the database cannot be reached.
    /// </summary>
    public Task<bool> IsUpToDateAsync(CancellationToken cancellationToken) =>
        StoreFailures.GuardAsync(() => ReadIsUpToDateAsync(cancellationToken));

    private async Task<bool> ReadIsUpToDateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('wix_schema_migrations') IS NOT NULL", cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!exists)
        {
            return _migrations.Count == 0;
        }

        var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
        return _migrations.All(m => applied.ContainsKey(m.Version));
    }

    private async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(int Version, string Name, string Checksum)>(new CommandDefinition(
            "SELECT version, name, checksum FROM wix_schema_migrations", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var applied = new Dictionary<int, string>();
        foreach (var row in rows)
        {
            applied[row.Version] = row.Checksum;
            var known = _migrations.FirstOrDefault(m => m.Version == row.Version);
            if (known is not null && !string.Equals(known.Checksum, row.Checksum, StringComparison.Ordinal))
            {
                throw new WixMigrationChecksumException(known.Name, row.Checksum, known.Checksum);
            }
        }

        return applied;
    }
}
