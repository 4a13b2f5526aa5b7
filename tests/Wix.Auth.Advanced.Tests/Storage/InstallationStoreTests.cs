using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

public sealed class InstallationStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Instance = "3f0a6b0e-0000-4000-8000-000000000001";
    private const string Other = "3f0a6b0e-0000-4000-8000-000000000002";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
    private StoreProcess _process = null!;

    private IWixInstallationStore Store => _process.Store;

    private IWixRefreshTokenStore RefreshTokens => _process.RefreshTokens;

    private IWixAuthorizationCodeStore Codes => _process.Codes;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _process = await StoreProcess.StartAsync(database.ConnectionString, _time);
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();

    [Fact]
    public async Task An_unknown_instance_is_not_found()
    {
        Assert.Null(await Store.FindAsync(Instance, CancellationToken.None));
    }

    [Fact]
    public async Task Recording_an_install_twice_keeps_one_row_on_client_credentials()
    {
        await Store.RecordInstalledAsync(Instance, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Store.RecordInstalledAsync(Instance, CancellationToken.None);

        var installation = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.NotNull(installation);
        Assert.Equal(WixInstallationStatus.Installed, installation.Status);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, installation.Strategy);
        Assert.False(installation.HasRefreshToken);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), installation.InstalledAt);
        Assert.Equal(1, installation.RowVersion);
    }

    [Fact]
    public async Task A_saved_refresh_token_is_encrypted_at_rest_and_decrypts_under_the_lease()
    {
        const string token = "OAUTH2.eyJraWQiOiJkZ0x3cjNRMCIsImFsZyI6IkhTMjU2In0.refresh-secret-value";
        await Store.RecordInstalledAsync(Instance, CancellationToken.None);
        await Store.SaveRefreshTokenAsync(Instance, token, CancellationToken.None);

        var raw = await StoreAssertions.RawTableAsync(database.DataSource);
        Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-secret-value", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(StoreAssertions.Base64(token), raw, StringComparison.Ordinal);
        var installation = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.True(installation!.HasRefreshToken);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, installation.Strategy);
        Assert.Equal(2, installation.RowVersion);

        await using var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Equal(token, lease.RefreshToken);
        Assert.False(lease.RefreshTokenUndecryptable);
        Assert.Equal(2, lease.RowVersion);
    }

    [Fact]
    public async Task A_ciphertext_copied_to_another_instance_does_not_decrypt_there()
    {
        await Store.SaveRefreshTokenAsync(Instance, "token-of-the-first-site", CancellationToken.None);
        await Store.RecordInstalledAsync(Other, CancellationToken.None);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE wix_installations SET refresh_token_ciphertext = (SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @Instance) WHERE instance_id = @Other",
                new { Instance, Other });
        }

        await using var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Other, CancellationToken.None);

        Assert.Null(lease.RefreshToken);
        Assert.True(lease.RefreshTokenUndecryptable);
        Assert.True(lease.Installation!.HasRefreshToken);
    }

    [Fact]
    public async Task A_rotated_token_replaces_the_old_one_and_an_empty_one_never_does()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using (var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            _time.Advance(TimeSpan.FromMinutes(5));
            await lease.CompleteRefreshAsync("rt-2", accessToken: null, CancellationToken.None);
        }

        await using (var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            Assert.Equal("rt-2", lease.RefreshToken);
            await lease.CompleteRefreshAsync(null, accessToken: null, CancellationToken.None);
        }

        await using (var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            Assert.Equal("rt-2", lease.RefreshToken);
            await lease.CompleteRefreshAsync(string.Empty, accessToken: null, CancellationToken.None);
        }

        await using var last = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Equal("rt-2", last.RefreshToken);
        Assert.Equal(_time.GetUtcNow(), last.Installation!.LastRefreshAt);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, last.Installation.Strategy);
    }

    [Fact]
    public async Task A_late_writer_with_a_stale_row_version_does_not_overwrite_a_newer_token()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-old", CancellationToken.None);
        await using (var stale = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            // A new install handshake stores a newer token while the refresh is in flight.
            await Store.SaveRefreshTokenAsync(Instance, "rt-from-reinstall", CancellationToken.None);
            await stale.CompleteRefreshAsync("rt-rotated-from-old", accessToken: null, CancellationToken.None);
        }

        await using var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Equal("rt-from-reinstall", lease.RefreshToken);
        Assert.Equal(2, lease.RowVersion);
    }

    [Fact]
    public async Task Two_leases_on_one_instance_serialise_and_the_second_sees_the_rotated_token()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using var otherProcess = await StoreProcess.StartAsync(database.ConnectionString);
        var first = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Task<IWixRefreshLease> second;
        try
        {
            second = otherProcess.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
            await WaitForAsync(async () => await StoreAssertions.AdvisoryLocksAsync(database.DataSource, granted: false) == 1);
            Assert.False(second.IsCompleted);
            await first.CompleteRefreshAsync("rt-2", accessToken: null, CancellationToken.None);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var secondLease = await second;
        Assert.Equal("rt-2", secondLease.RefreshToken);
        Assert.Equal(first.RowVersion + 1, secondLease.RowVersion);
    }

    [Fact]
    public async Task When_the_lock_holder_dies_a_waiter_gets_the_lock_and_the_unchanged_token()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using var otherProcess = await StoreProcess.StartAsync(database.ConnectionString);
        var doomed = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        var waiter = otherProcess.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        await WaitForAsync(async () => await StoreAssertions.AdvisoryLocksAsync(database.DataSource, granted: false) == 1);

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                SELECT pg_terminate_backend(pid) FROM pg_locks
                 WHERE locktype = 'advisory' AND granted
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """);
        }

        await using var lease = await waiter;
        Assert.Equal("rt-1", lease.RefreshToken);
        await doomed.DisposeAsync();
        await lease.CompleteRefreshAsync("rt-2", accessToken: null, CancellationToken.None);
        await using var after = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Equal("rt-2", after.RefreshToken);
    }

    [Fact]
    public async Task A_lease_on_a_different_instance_does_not_wait()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-a", CancellationToken.None);
        await Store.SaveRefreshTokenAsync(Other, "rt-b", CancellationToken.None);
        await using var first = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);

        await using var second = await RefreshTokens.AcquireRefreshLeaseAsync(Other, CancellationToken.None);

        Assert.Equal("rt-b", second.RefreshToken);
    }

    [Fact]
    public async Task A_disposed_lease_without_outcome_rolls_back_and_releases_the_lock()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        var before = await Store.FindAsync(Instance, CancellationToken.None);

        await using (var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            Assert.Equal(1, await StoreAssertions.AdvisoryLocksAsync(database.DataSource, granted: true));
        }

        Assert.Equal(before, await Store.FindAsync(Instance, CancellationToken.None));
        Assert.Equal(0, await StoreAssertions.AdvisoryLocksAsync(database.DataSource, granted: true));
    }

    [Fact]
    public async Task A_revoked_token_is_deleted_and_the_fallback_recorded()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using (var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            await lease.MarkRefreshTokenRevokedAsync("invalid_grant", CancellationToken.None);
        }

        var installation = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.False(installation!.HasRefreshToken);
        Assert.Null(await StoreAssertions.CiphertextAsync(database.DataSource, Instance));
        Assert.Equal(WixFallbackReason.Revoked, installation.FallbackReason);
        Assert.Equal("invalid_grant", installation.LastErrorCode);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, installation.Strategy);
        Assert.Equal(_time.GetUtcNow(), installation.LastFallbackAt);
    }

    [Fact]
    public async Task A_transient_failure_keeps_the_token_and_records_the_error()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await using (var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None))
        {
            await lease.RecordTransientFailureAsync("http_503", CancellationToken.None);
        }

        await using var again = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Equal("rt-1", again.RefreshToken);
        Assert.Equal("http_503", again.Installation!.LastErrorCode);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, again.Installation.Strategy);
    }

    [Fact]
    public async Task Removal_deletes_the_token_and_a_reinstall_starts_over()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        await Store.MarkRemovedAsync(Instance, CancellationToken.None);
        await Store.MarkRemovedAsync(Instance, CancellationToken.None);

        var removed = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.Equal(WixInstallationStatus.Removed, removed!.Status);
        Assert.False(removed.HasRefreshToken);
        Assert.Null(await StoreAssertions.CiphertextAsync(database.DataSource, Instance));
        Assert.Equal(2, removed.RowVersion);

        _time.Advance(TimeSpan.FromDays(1));
        await Store.RecordInstalledAsync(Instance, CancellationToken.None);
        var back = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.Equal(WixInstallationStatus.Installed, back!.Status);
        Assert.Equal(_time.GetUtcNow(), back.InstalledAt);
    }

    [Fact]
    public async Task A_fallback_is_recorded_even_for_an_instance_never_seen()
    {
        await Store.RecordFallbackAsync(Instance, WixFallbackReason.Missing, null, CancellationToken.None);
        await Store.SaveRefreshTokenAsync(Other, "rt", CancellationToken.None);
        await Store.RecordFallbackAsync(Other, WixFallbackReason.Undecryptable, "key_lost", CancellationToken.None);

        var missing = await Store.FindAsync(Instance, CancellationToken.None);
        var undecryptable = await Store.FindAsync(Other, CancellationToken.None);
        Assert.Equal(WixFallbackReason.Missing, missing!.FallbackReason);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, missing.Strategy);
        Assert.Equal(WixFallbackReason.Undecryptable, undecryptable!.FallbackReason);
        Assert.Equal("key_lost", undecryptable.LastErrorCode);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, undecryptable.Strategy);
    }

    [Fact]
    public async Task Listing_pages_through_instances_newest_first()
    {
        foreach (var id in new[] { "c", "a", "b" })
        {
            await Store.RecordInstalledAsync(id, CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await Store.ListAsync(0, 2, CancellationToken.None);
        var second = await Store.ListAsync(2, 2, CancellationToken.None);

        Assert.Equal(["b", "a"], first.Select(i => i.InstanceId));
        Assert.Equal(["c"], second.Select(i => i.InstanceId));
    }

    [Fact]
    public async Task An_authorization_code_is_claimed_once_across_processes()
    {
        // The same clock as this class's process: on another clock the second process's retention purge, which runs at
        // its start, would see the fresh claims as days old and delete them mid-test (a second "first" claim).
        await using var otherProcess = await StoreProcess.StartAsync(database.ConnectionString, _time);
        var hash = System.Security.Cryptography.SHA256.HashData("the-code"u8);

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? Codes : otherProcess.Codes).TryClaimAuthorizationCodeAsync(Instance, hash, CancellationToken.None)));

        Assert.Equal(1, claims.Count(c => c));
        Assert.True(await Codes.TryClaimAuthorizationCodeAsync(Instance, System.Security.Cryptography.SHA256.HashData("another-code"u8), CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_refresh_token_is_refused_and_nothing_is_stored()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveRefreshTokenAsync(Instance, string.Empty, CancellationToken.None));

        Assert.Null(await Store.FindAsync(Instance, CancellationToken.None));
    }

    [Fact]
    public async Task Completing_a_lease_on_an_unknown_instance_throws_and_stores_nothing()
    {
        await using var lease = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);
        Assert.Null(lease.Installation);
        Assert.Null(lease.RefreshToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => lease.CompleteRefreshAsync("rt-secret-new", accessToken: null, CancellationToken.None));

        Assert.DoesNotContain("rt-secret-new", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.FindAsync(Instance, CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_waiting_longer_than_the_lock_timeout_fails_as_store_unavailable_with_the_timeout_inside()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None);
        // The lock timeout must exceed the HTTP total timeout (checked at start): both short here.
        await using var impatient = await StoreProcess.StartAsync(
            database.ConnectionString,
            configure: o => o.RefreshLockTimeout = TimeSpan.FromMilliseconds(50),
            configureHost: b => b.Services.Configure<WixAuthOptions>(w => (w.HttpAttemptTimeout, w.HttpTotalTimeout) = (TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40))));
        await using var holder = await RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None);

        var error = await Assert.ThrowsAsync<WixStoreUnavailableException>(() => impatient.RefreshTokens.AcquireRefreshLeaseAsync(Instance, CancellationToken.None));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains(Instance, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await StoreAssertions.AdvisoryLocksAsync(database.DataSource, granted: true));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // Polls database state, not time: fails only if the condition never becomes true within a generous bound.
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The condition was never met.");
    }
}
