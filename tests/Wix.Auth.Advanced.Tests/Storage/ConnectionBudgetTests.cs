using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Wix.Auth.PostgreSql.Internal;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// Issue #11 item 2 (checklist I3, FI-12): each process's pool is bounded by default, our sessions carry
/// <c>statement_timeout</c> and <c>idle_in_transaction_session_timeout</c>, and the lock timeout is checked against the
/// HTTP total timeout at start.
/// </summary>
public sealed class ConnectionBudgetTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Without_a_pool_size_in_the_connection_string_the_pool_is_bounded_and_sessions_carry_our_timeouts()
    {
        var withoutPoolSize = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        withoutPoolSize.Remove("Maximum Pool Size");
        await using var process = await StoreProcess.StartAsync(withoutPoolSize.ConnectionString);

        var dataSource = process.Services.GetRequiredService<WixPostgresDataSource>().DataSource;
        Assert.Equal(20, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal("1min", await connection.ExecuteScalarAsync<string>("SHOW statement_timeout"));
        Assert.Equal("1min", await connection.ExecuteScalarAsync<string>("SHOW idle_in_transaction_session_timeout"));
    }

    [Fact]
    public async Task A_pool_size_named_in_the_connection_string_wins_and_the_timeouts_are_configurable()
    {
        var withPoolSize = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 7 };
        await using var process = await StoreProcess.StartAsync(withPoolSize.ConnectionString, configure: o =>
        {
            o.MaxPoolSize = 3;
            o.StatementTimeout = TimeSpan.FromSeconds(90);
            o.IdleInTransactionSessionTimeout = TimeSpan.FromSeconds(75);
        });

        var dataSource = process.Services.GetRequiredService<WixPostgresDataSource>().DataSource;
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal("90s", await connection.ExecuteScalarAsync<string>("SHOW statement_timeout"));
        Assert.Equal("75s", await connection.ExecuteScalarAsync<string>("SHOW idle_in_transaction_session_timeout"));
    }

    [Fact]
    public async Task A_lock_timeout_or_idle_transaction_timeout_not_above_the_http_total_timeout_fails_start_up_naming_the_keys()
    {
        using var host = StoreProcess.Build("Host=db", TestCertificate.Path, configure: o =>
        {
            o.RefreshLockTimeout = TimeSpan.FromSeconds(30);
            o.IdleInTransactionSessionTimeout = TimeSpan.FromSeconds(20);
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:Postgres:RefreshLockTimeout (00:00:30) must exceed Wix:HttpTotalTimeout (00:00:30)", error.Message, StringComparison.Ordinal);
        Assert.Contains("WixAuth:Postgres:IdleInTransactionSessionTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_timeout_not_above_the_lock_timeout_fails_start_up_naming_the_key()
    {
        using var host = StoreProcess.Build("Host=db", TestCertificate.Path, configure: o => o.StatementTimeout = TimeSpan.FromSeconds(45));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:Postgres:StatementTimeout", error.Message, StringComparison.Ordinal);
    }
}
