using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// A revoked Data Protection key (issue #10 item 2, checklist D5). Decision: refuse and alert. A key is revoked because it
/// may be known to someone else, who could then also have written a ciphertext of their own choosing (their site's refresh
/// token) onto a row; so a token under it is not used (client credentials instead, event 3112), and it is kept, not deleted,
/// for the operator to rescue deliberately with <c>reencrypt-refresh-tokens --include-revoked</c> when the revocation was
/// not a compromise.
/// </summary>
public sealed class RevokedKeyTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync(clearKeyRing: true);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_token_under_a_revoked_key_is_refused_with_an_alert_kept_and_rescued_only_on_request()
    {
        await using (var before = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System))
        {
            await before.Store.SaveRefreshTokenAsync("site-1", "rt-under-revoked", CancellationToken.None);
            var keyId = StoreAssertions.KeyIdOf((await StoreAssertions.CiphertextAsync(database.DataSource, "site-1"))!);
            before.KeyManager.RevokeKey(keyId, "test: suspected compromise");
        }

        var stored = await StoreAssertions.CiphertextAsync(database.DataSource, "site-1");
        await using var after = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, configureHost: b => b.Logging.AddFakeLogging());
        await using (var lease = await after.RefreshTokens.AcquireRefreshLeaseAsync("site-1", CancellationToken.None))
        {
            Assert.Null(lease.RefreshToken);
            Assert.True(lease.RefreshTokenUndecryptable);
        }

        var alert = Assert.Single(after.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3112);
        Assert.Equal(LogLevel.Error, alert.Level);
        Assert.Contains("revoked", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rt-under-revoked", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3110);

        // A routine re-encryption leaves it alone; only the explicit request rescues it.
        Assert.Equal(new ReencryptionResult(1, 0, 0, 0, 0, 1), await after.Reencryptor.ReencryptAllAsync(10, null, CancellationToken.None));
        Assert.Equal(stored, await StoreAssertions.CiphertextAsync(database.DataSource, "site-1"));
        Assert.Equal(new ReencryptionResult(1, 1, 0, 0, 0, 0), await after.Reencryptor.ReencryptAllAsync(10, includeRevokedKeys: true, null, CancellationToken.None));
        await using var rescued = await after.RefreshTokens.AcquireRefreshLeaseAsync("site-1", CancellationToken.None);
        Assert.Equal("rt-under-revoked", rescued.RefreshToken);
    }
}
