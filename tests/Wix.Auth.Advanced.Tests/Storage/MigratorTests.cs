using Dapper;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Wix.Auth.PostgreSql.Internal;
using Wix.Auth.PostgreSql;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

public sealed class MigratorTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly int EmbeddedCount = typeof(WixDatabaseMigrator).Assembly.GetManifestResourceNames()
        .Count(n => n.StartsWith("Wix.Auth.Migrations.", StringComparison.Ordinal));

    [Fact]
    public async Task Concurrent_migrators_apply_every_file_exactly_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateDatabaseAsync());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new WixDatabaseMigrator(dataSource).MigrateAsync(CancellationToken.None))));

        await using var connection = await dataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("SELECT version FROM wix_schema_migrations ORDER BY version")).ToList();
        Assert.Equal(EmbeddedCount, versions.Count);
        Assert.Equal(versions.Distinct().Count(), versions.Count);
        Assert.True(await new WixDatabaseMigrator(dataSource).IsUpToDateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Running_the_migrator_again_changes_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateDatabaseAsync());
        var migrator = new WixDatabaseMigrator(dataSource);
        Assert.False(await migrator.IsUpToDateAsync(CancellationToken.None));

        await migrator.MigrateAsync(CancellationToken.None);
        await using var connection = await dataSource.OpenConnectionAsync();
        var first = (await connection.QueryAsync<(int, string, DateTime)>("SELECT version, checksum, applied_at FROM wix_schema_migrations ORDER BY version")).ToList();
        await migrator.MigrateAsync(CancellationToken.None);
        var second = (await connection.QueryAsync<(int, string, DateTime)>("SELECT version, checksum, applied_at FROM wix_schema_migrations ORDER BY version")).ToList();

        Assert.Equal(EmbeddedCount, first.Count);
        Assert.Equal(first, second);
        Assert.True(await migrator.IsUpToDateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_applied_file_that_was_edited_is_refused_by_name()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateDatabaseAsync());
        var migrator = new WixDatabaseMigrator(dataSource);
        await migrator.MigrateAsync(CancellationToken.None);
        var edited = WixMigration.LoadEmbedded()
            .Select(m => m.Version == 1 ? WixMigration.Create(m.Version, m.Name, m.Sql + "\n-- edited\n") : m)
            .ToList();
        var editedMigrator = new WixDatabaseMigrator(dataSource, edited, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var migrate = await Assert.ThrowsAsync<WixMigrationChecksumException>(() => editedMigrator.MigrateAsync(CancellationToken.None));
        var check = await Assert.ThrowsAsync<WixMigrationChecksumException>(() => editedMigrator.IsUpToDateAsync(CancellationToken.None));

        Assert.Equal("0001_installations.sql", migrate.FileName);
        Assert.Contains("0001_installations.sql", migrate.Message, StringComparison.Ordinal);
        Assert.Equal("0001_installations.sql", check.FileName);
    }

    [Fact]
    public async Task A_new_file_is_applied_after_the_released_ones_and_the_lock_is_released()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateDatabaseAsync());
        await new WixDatabaseMigrator(dataSource).MigrateAsync(CancellationToken.None);
        var extended = WixMigration.LoadEmbedded()
            .Append(WixMigration.Create(9999, "9999_probe.sql", "CREATE TABLE probe (id int);"))
            .ToList();
        var migrator = new WixDatabaseMigrator(dataSource, extended, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.False(await migrator.IsUpToDateAsync(CancellationToken.None));

        await migrator.MigrateAsync(CancellationToken.None);

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('probe') IS NOT NULL"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
        Assert.True(await migrator.IsUpToDateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_file_leaves_no_trace_and_is_retried_next_time()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateDatabaseAsync());
        var broken = WixMigration.LoadEmbedded()
            .Append(WixMigration.Create(9999, "9999_broken.sql", "CREATE TABLE half (id int); SELECT no_such_function();"))
            .ToList();

        await Assert.ThrowsAsync<PostgresException>(() => new WixDatabaseMigrator(dataSource, broken, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).MigrateAsync(CancellationToken.None));

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('half') IS NOT NULL"));
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM wix_schema_migrations WHERE version = 9999)"));
        Assert.True(await new WixDatabaseMigrator(dataSource).IsUpToDateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Host_start_up_migrates_an_empty_database()
    {
        var connectionString = await database.CreateDatabaseAsync();
        using var host = StoreProcess.Build(connectionString, TestCertificate.Path);

        await host.StartAsync();

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.True(await new WixDatabaseMigrator(dataSource).IsUpToDateAsync(CancellationToken.None));
        await host.StopAsync();
    }
}
