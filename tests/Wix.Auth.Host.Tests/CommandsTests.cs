using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.PostgreSql.Internal;
using Wix.Auth.PostgreSql;
using Wix.Auth.Host.Commands;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Host.Tests;

/// <summary>The operator commands, run as the built program with the server's configuration.</summary>
public sealed class CommandsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Migrate_applies_every_migration_to_an_empty_database_and_exits_0()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        var settings = fixture.Settings();
        settings["ConnectionStrings:WixAuth"] = database.ConnectionString;

        await using var command = await HostProcess.StartAsync(settings, FreePort.Next(), "migrate");
        var exitCode = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains(command.Output, l => l.Contains("Database schema is up to date.", StringComparison.Ordinal));
        var migrationFiles = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "db", "migrations"), "*.sql").Length;
        Assert.Equal((long)migrationFiles, await database.ScalarAsync<long>("SELECT count(*) FROM wix_schema_migrations"));
    }

    [Fact]
    public async Task Reencrypt_refresh_tokens_goes_through_the_stored_tokens_in_batches_and_leaves_them_usable()
    {
        var first = await InstallFlow.InstallAsync(fixture);
        var second = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, first.FinalStatus);
        Assert.Equal(HttpStatusCode.OK, second.FinalStatus);

        await using var command = await HostProcess.StartAsync(fixture.Settings(), FreePort.Next(), "reencrypt-refresh-tokens", "--batch-size", "1");
        var exitCode = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains(command.Output, l => l.StartsWith("Batch 2:", StringComparison.Ordinal));
        Assert.Contains(command.Output, l => l.StartsWith("Done:", StringComparison.Ordinal) && l.Contains("0 undecryptable", StringComparison.Ordinal));
        var protector = fixture.Services.GetRequiredService<RefreshTokenProtector>();
        foreach (var instanceId in new[] { first.InstanceId, second.InstanceId })
        {
            var ciphertext = await fixture.Database.ScalarAsync<string>(
                "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId));
            Assert.False(string.IsNullOrEmpty(protector.TryUnprotect(instanceId, ciphertext!)));
        }
    }

    [Theory]
    [InlineData("migrat")]
    [InlineData("serve")]
    public async Task An_unknown_command_prints_the_commands_and_exits_non_zero_without_starting_the_server(string command)
    {
        var port = FreePort.Next();
        await using var process = await HostProcess.StartAsync(fixture.Settings(), port, command, "--urls", $"http://127.0.0.1:{port}");
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(process.Output, l => l.Contains($"Unknown command '{command}'", StringComparison.Ordinal));
        Assert.Contains(process.Output, l => l.TrimStart().StartsWith(HostCommands.Migrate + " ", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Output, l => l.Contains("Now listening", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_prints_the_commands_and_exits_0()
    {
        await using var process = await HostProcess.StartAsync(fixture.Settings(), FreePort.Next(), "--help");
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains(process.Output, l => l.StartsWith("usage: Wix.Auth.Host", StringComparison.Ordinal));
        Assert.Contains(process.Output, l => l.TrimStart().StartsWith(HostCommands.ReencryptRefreshTokens, StringComparison.Ordinal));
    }
}
