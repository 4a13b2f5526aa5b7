using System.Security.Cryptography;
using Npgsql;
using Respawn;
using Respawn.Graph;
using Wix.Auth.Advanced;
using Wix.Auth.PostgreSql;
using Xunit;

namespace Wix.Auth.Testing.Postgres;

/// <summary>
/// A fresh, migrated database per test class on the server named by <c>WIXAUTH_TEST_POSTGRES</c> (an admin
/// connection string), reset with Respawn between tests and dropped at the end. Fails loudly when the variable is
/// missing: a database test never silently skips.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    /// <summary>The environment variable holding the admin connection string.</summary>
    public const string VariableName = "WIXAUTH_TEST_POSTGRES";

    private const string MigrationsTable = "wix_schema_migrations";
    private const string KeysTable = "wix_data_protection_keys";

    private readonly List<string> _databases = [];
    private string _adminConnectionString = string.Empty;
    private Respawner? _keepKeys;
    private Respawner? _clearKeys;

    /// <summary>Connection string of this fixture's migrated database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A data source on <see cref="ConnectionString"/> for direct SQL in assertions.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{VariableName} is not set. Database tests need a PostgreSQL admin connection string (scripts/test.sh starts a throw-away server and sets it).");

        ConnectionString = await CreateDatabaseAsync().ConfigureAwait(false);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await new WixDatabaseMigrator(DataSource).MigrateAsync(CancellationToken.None).ConfigureAwait(false);

        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        _keepKeys = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [new Table(MigrationsTable), new Table(KeysTable)],
        }).ConfigureAwait(false);
        _clearKeys = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [new Table(MigrationsTable)],
        }).ConfigureAwait(false);
    }

    /// <summary>Deletes all data except applied migrations; the key ring too when <paramref name="clearKeyRing"/>.</summary>
    public async Task ResetAsync(bool clearKeyRing = false)
    {
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await (clearKeyRing ? _clearKeys! : _keepKeys!).ResetAsync(connection).ConfigureAwait(false);
    }

    /// <summary>Creates another empty (unmigrated) database, dropped with the fixture, and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "wixauth_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync().ConfigureAwait(false);
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
