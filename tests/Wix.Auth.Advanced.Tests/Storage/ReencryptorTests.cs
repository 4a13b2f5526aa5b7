using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

public sealed class ReencryptorTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const int Rows = 7;
    private StoreProcess _process = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync(clearKeyRing: true);
        // Data Protection picks the default key by its own clock, so key activation uses the system clock here.
        _process = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System);
        for (var i = 0; i < Rows; i++)
        {
            await _process.Store.SaveRefreshTokenAsync($"site-{i}", $"rt-{i}", CancellationToken.None);
        }
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();

    [Fact]
    public async Task Every_row_moves_to_the_new_default_key_and_still_decrypts()
    {
        var newKey = CreateDefaultKey();
        var reports = new List<ReencryptionProgress>();

        var result = await _process.Reencryptor.ReencryptAllAsync(3, new SynchronousProgress(reports.Add), CancellationToken.None);

        Assert.Equal(new ReencryptionResult(Rows, Rows, 0, 0, 0), result);
        Assert.Equal([1, 2, 3], reports.Select(r => r.Batches));
        Assert.Equal([3, 6, 7], reports.Select(r => r.Totals.Scanned));
        for (var i = 0; i < Rows; i++)
        {
            Assert.Equal(newKey.KeyId, StoreAssertions.KeyIdOf((await StoreAssertions.CiphertextAsync(database.DataSource, $"site-{i}"))!));
            await using var lease = await _process.RefreshTokens.AcquireRefreshLeaseAsync($"site-{i}", CancellationToken.None);
            Assert.Equal($"rt-{i}", lease.RefreshToken);
        }

        Assert.Equal(new ReencryptionResult(Rows, 0, Rows, 0, 0), await _process.Reencryptor.ReencryptAllAsync(3, null, CancellationToken.None));
    }

    [Fact]
    public async Task An_interrupted_run_resumes_where_it_stopped()
    {
        var newKey = CreateDefaultKey();
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _process.Reencryptor.ReencryptAllAsync(3, new SynchronousProgress(_ => cancellation.Cancel()), cancellation.Token));
        var resumed = await _process.Reencryptor.ReencryptAllAsync(3, null, CancellationToken.None);

        Assert.Equal(new ReencryptionResult(Rows, Rows - 3, 3, 0, 0), resumed);
        for (var i = 0; i < Rows; i++)
        {
            Assert.Equal(newKey.KeyId, StoreAssertions.KeyIdOf((await StoreAssertions.CiphertextAsync(database.DataSource, $"site-{i}"))!));
        }
    }

    [Fact]
    public async Task A_row_being_refreshed_is_skipped_and_keeps_the_refresh_outcome()
    {
        CreateDefaultKey();
        await using (var lease = await _process.RefreshTokens.AcquireRefreshLeaseAsync("site-0", CancellationToken.None))
        {
            var result = await _process.Reencryptor.ReencryptAllAsync(10, null, CancellationToken.None);
            Assert.Equal(new ReencryptionResult(Rows, Rows - 1, 0, 0, 1), result);
            await lease.CompleteRefreshAsync("rt-0-rotated", accessToken: null, CancellationToken.None);
        }

        await using var again = await _process.RefreshTokens.AcquireRefreshLeaseAsync("site-0", CancellationToken.None);
        Assert.Equal("rt-0-rotated", again.RefreshToken);
    }

    private Microsoft.AspNetCore.DataProtection.KeyManagement.IKey CreateDefaultKey()
    {
        var now = TimeProvider.System.GetUtcNow();
        return _process.KeyManager.CreateNewKey(now, now.AddDays(90));
    }

    /// <summary>Reports on the caller's thread, so the test sees every report before the next batch starts.</summary>
    private sealed class SynchronousProgress(Action<ReencryptionProgress> report) : IProgress<ReencryptionProgress>
    {
        public void Report(ReencryptionProgress value) => report(value);
    }
}
