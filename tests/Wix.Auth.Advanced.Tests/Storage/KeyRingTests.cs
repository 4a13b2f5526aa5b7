using Dapper;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// The Data Protection key ring in PostgreSQL. These tests use the system clock for key activation: Data Protection
/// decides which key is the default from its own clock, and a new key must be active now to become the default.
/// </summary>
public sealed class KeyRingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync(clearKeyRing: true);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_processes_share_the_key_ring_including_a_new_default_key()
    {
        await using var a = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, Directory.CreateTempSubdirectory().FullName);
        await using var b = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, Directory.CreateTempSubdirectory().FullName);
        await a.Store.SaveRefreshTokenAsync("site-1", "rt-from-a", CancellationToken.None);

        await using (var lease = await b.RefreshTokens.AcquireRefreshLeaseAsync("site-1", CancellationToken.None))
        {
            Assert.Equal("rt-from-a", lease.RefreshToken);
        }

        var newKey = CreateDefaultKey(b);
        await b.Store.SaveRefreshTokenAsync("site-2", "rt-from-b", CancellationToken.None);
        var first = await StoreAssertions.CiphertextAsync(database.DataSource, "site-1");
        var second = await StoreAssertions.CiphertextAsync(database.DataSource, "site-2");
        Assert.Equal(newKey.KeyId, StoreAssertions.KeyIdOf(second!));
        Assert.NotEqual(newKey.KeyId, StoreAssertions.KeyIdOf(first!));

        await using var fromA = await a.RefreshTokens.AcquireRefreshLeaseAsync("site-2", CancellationToken.None);
        Assert.Equal("rt-from-b", fromA.RefreshToken);
    }

    [Fact]
    public async Task Processes_starting_together_on_an_empty_key_table_read_each_others_tokens()
    {
        await using var a = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System);
        await using var b = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System);

        await Task.WhenAll(
            Task.Run(() => SaveManyAsync(a, "a")),
            Task.Run(() => SaveManyAsync(b, "b")));

        foreach (var process in new[] { a, b })
        {
            foreach (var prefix in new[] { "a", "b" })
            {
                for (var i = 0; i < 10; i++)
                {
                    await using var lease = await process.RefreshTokens.AcquireRefreshLeaseAsync($"{prefix}-{i}", CancellationToken.None);
                    Assert.Equal($"rt-{prefix}-{i}", lease.RefreshToken);
                }
            }
        }
    }

    [Fact]
    public async Task A_token_stored_under_an_old_key_still_decrypts_after_a_new_key_becomes_default()
    {
        await using var process = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System);
        await process.Store.SaveRefreshTokenAsync("site-1", "rt-old-key", CancellationToken.None);
        var oldKey = StoreAssertions.KeyIdOf((await StoreAssertions.CiphertextAsync(database.DataSource, "site-1"))!);

        var newKey = CreateDefaultKey(process);
        await process.Store.SaveRefreshTokenAsync("site-2", "rt-new-key", CancellationToken.None);

        Assert.NotEqual(oldKey, newKey.KeyId);
        Assert.Equal(newKey.KeyId, StoreAssertions.KeyIdOf((await StoreAssertions.CiphertextAsync(database.DataSource, "site-2"))!));
        await using var restarted = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System);
        await using (var lease = await restarted.RefreshTokens.AcquireRefreshLeaseAsync("site-1", CancellationToken.None))
        {
            Assert.Equal("rt-old-key", lease.RefreshToken);
        }

        await using var newer = await restarted.RefreshTokens.AcquireRefreshLeaseAsync("site-2", CancellationToken.None);
        Assert.Equal("rt-new-key", newer.RefreshToken);
    }

    [Fact]
    public async Task Keys_in_the_database_are_encrypted_with_the_certificate()
    {
        await using var process = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System);
        await process.Store.SaveRefreshTokenAsync("site-1", "rt", CancellationToken.None);
        CreateDefaultKey(process);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var keys = (await connection.QueryAsync<string>("SELECT xml FROM wix_data_protection_keys")).ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Start_up_fails_without_a_certificate_whatever_the_environment_and_writes_no_key(string environment)
    {
        using var host = StoreProcess.Build(database.ConnectionString, certificatePath: null, environment: environment);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:DataProtection:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("WixAuth:DataProtection:AllowUnencryptedKeys", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IKeyManager>().GetAllKeys());
        Assert.Equal(0, await KeyCountAsync());
    }

    [Fact]
    public async Task Start_up_fails_when_the_certificate_password_is_wrong_without_printing_it()
    {
        using var host = StoreProcess.Build(database.ConnectionString, certificatePath: TestCertificate.Path, environment: "Production",
            configureHost: b => b.Configuration["WixAuth:DataProtection:CertificatePassword"] = "not-the-password");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:DataProtection:CertificatePassword", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_explicit_opt_in_stores_the_key_ring_unencrypted_and_warns_about_it()
    {
        using var host = StoreProcess.Build(database.ConnectionString, certificatePath: null, environment: "Production", configureHost: b =>
        {
            b.Configuration["WixAuth:DataProtection:AllowUnencryptedKeys"] = "true";
            b.Logging.AddFakeLogging();
        });
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IWixInstallationStore>();

        await store.SaveRefreshTokenAsync("site-1", "rt-dev", CancellationToken.None);

        await using (var lease = await host.Services.GetRequiredService<IWixRefreshTokenStore>().AcquireRefreshLeaseAsync("site-1", CancellationToken.None))
        {
            Assert.Equal("rt-dev", lease.RefreshToken);
        }

        var warning = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3120);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("UNENCRYPTED", warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_token_whose_key_was_deleted_is_undecryptable_not_an_error()
    {
        await using (var before = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System))
        {
            await before.Store.SaveRefreshTokenAsync("site-1", "rt-lost", CancellationToken.None);
        }

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("DELETE FROM wix_data_protection_keys");
        }

        await using var after = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System);
        await using (var lease = await after.RefreshTokens.AcquireRefreshLeaseAsync("site-1", CancellationToken.None))
        {
            Assert.Null(lease.RefreshToken);
            Assert.True(lease.RefreshTokenUndecryptable);
        }

        var result = await after.Reencryptor.ReencryptAllAsync(10, null, CancellationToken.None);
        Assert.Equal(new ReencryptionResult(1, 0, 0, 1, 0), result);
        Assert.NotNull(await StoreAssertions.CiphertextAsync(database.DataSource, "site-1"));
    }

    private static IKey CreateDefaultKey(StoreProcess process)
    {
        var now = TimeProvider.System.GetUtcNow();
        return process.KeyManager.CreateNewKey(now, now.AddDays(90));
    }

    private static async Task SaveManyAsync(StoreProcess process, string prefix)
    {
        for (var i = 0; i < 10; i++)
        {
            await process.Store.SaveRefreshTokenAsync($"{prefix}-{i}", $"rt-{prefix}-{i}", CancellationToken.None);
        }
    }

    private async Task<long> KeyCountAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM wix_data_protection_keys");
    }
}
