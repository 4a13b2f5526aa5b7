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
/// missing: a database test never silently skips. <see cref="CreateAsync"/> makes one outside xunit's fixtures (per
/// test, or inside another fixture), left empty when the code under test migrates it itself (the server, a command).
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The environment variable holding the admin connection string.</summary>
    public const string VariableName = "WIXAUTH_TEST_POSTGRES";

    private const string MigrationsTable = "wix_schema_migrations";
    private const string KeysTable = "wix_data_protection_keys";

    private readonly List<string> _databases = [];
    private readonly bool _migrate;
    private string _adminConnectionString = string.Empty;
    private Respawner? _keepKeys;
    private Respawner? _clearKeys;

    /// <summary>A migrated database, as xunit creates a class fixture.</summary>
    public PostgresDatabaseFixture()
        : this(migrate: true)
    {
    }

    private PostgresDatabaseFixture(bool migrate) => _migrate = migrate;

    /// <summary>Connection string of this fixture's database (migrated unless created with <c>migrated: false</c>).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The name of this fixture's database.</summary>
    public string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>A data source on <see cref="ConnectionString"/> for direct SQL in assertions.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>
    /// A fixture started outside xunit: its database migrated, or left empty when <paramref name="migrated"/> is false
    /// (for a server or command that migrates it; <see cref="ResetAsync"/> is then not available). Dispose it.
    /// </summary>
    public static async Task<PostgresDatabaseFixture> CreateAsync(bool migrated = true)
    {
        var fixture = new PostgresDatabaseFixture(migrated);
        try
        {
            await fixture.InitializeAsync().ConfigureAwait(false);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{VariableName} is not set. Database tests need a PostgreSQL admin connection string (scripts/test.sh starts a throw-away server and sets it).");

        ConnectionString = await CreateDatabaseAsync().ConfigureAwait(false);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        if (!_migrate)
        {
            return;
        }

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
        if (_keepKeys is null)
        {
            throw new InvalidOperationException("The database was created unmigrated; there is nothing to reset with.");
        }

        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await (clearKeyRing ? _clearKeys! : _keepKeys!).ResetAsync(connection).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="sql"/> on this fixture's database and returns the first column of the first row (default when none or NULL).</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return result is null or DBNull ? default : (T)result;
    }

    /// <summary>Refuses every new connection and ends the open ones: the database is "down" for its users.</summary>
    public Task TakeOfflineAsync() => AdminAsync(
        $"ALTER DATABASE \"{Name}\" WITH ALLOW_CONNECTIONS false",
        $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid()");

    /// <summary>Ends <see cref="TakeOfflineAsync"/>: connections are accepted again.</summary>
    public Task BringOnlineAsync() => AdminAsync($"ALTER DATABASE \"{Name}\" WITH ALLOW_CONNECTIONS true");

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
        if (_adminConnectionString.Length > 0)
        {
            await AdminAsync([.. _databases.Select(name => $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")]).ConfigureAwait(false);
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private async Task AdminAsync(params string[] statements)
    {
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync().ConfigureAwait(false);
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
