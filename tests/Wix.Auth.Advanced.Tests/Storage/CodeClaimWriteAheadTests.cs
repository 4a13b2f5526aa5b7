using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// The install callback's claim of its code and its write-ahead as one write (issue 11 item 6, checklist C5): the code
/// is claimed once across processes, the write-ahead is written only with the claim that won, and an installed instance
/// is never put back to "installing" on the browser's word.
/// </summary>
public sealed class CodeClaimWriteAheadTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Instance = "3f0a6b0e-0000-4000-8000-000000000011";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private StoreProcess _process = null!;

    private IWixInstallationStore Store => _process.Store;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _process = await StoreProcess.StartAsync(database.ConnectionString, _time);
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();

    [Fact]
    public async Task A_code_is_claimed_once_across_processes_and_its_write_ahead_is_recorded_with_the_claim()
    {
        // The same clock: another clock's retention purge at its start would see the fresh claims as days old.
        await using var otherProcess = await StoreProcess.StartAsync(database.ConnectionString, _time);
        var hash = SHA256.HashData("the-code"u8);

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? Store : otherProcess.Store).ClaimCodeAndRecordInstallingAsync(Instance, hash, CancellationToken.None)));

        Assert.Equal(9, claims.Count(c => c == WixCodeClaim.AlreadyClaimed));
        Assert.Equal(WixCodeClaim.ClaimedAndRecordedInstalling, Assert.Single(claims, c => c != WixCodeClaim.AlreadyClaimed));
        var installing = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.NotNull(installing);
        Assert.Equal(WixInstallationStatus.Installed, installing.Status);
        Assert.Equal(WixFallbackReason.Installing, installing.FallbackReason);
        Assert.Equal("exchange_pending", installing.LastErrorCode);
        Assert.Equal(1, installing.RowVersion);

        // The same code claimed alone (the onboarding path's claim) is refused too: one table of redeemed codes.
        Assert.False(await _process.Codes.TryClaimAuthorizationCodeAsync(Instance, hash, CancellationToken.None));
    }

    [Fact]
    public async Task A_code_claimed_before_writes_no_write_ahead()
    {
        var hash = SHA256.HashData("claimed-elsewhere"u8);
        Assert.True(await _process.Codes.TryClaimAuthorizationCodeAsync(Instance, hash, CancellationToken.None));

        Assert.Equal(WixCodeClaim.AlreadyClaimed, await Store.ClaimCodeAndRecordInstallingAsync(Instance, hash, CancellationToken.None));

        Assert.Null(await Store.FindAsync(Instance, CancellationToken.None));
    }

    [Fact]
    public async Task An_installed_instance_is_claimed_for_but_left_untouched()
    {
        await Store.SaveRefreshTokenAsync(Instance, "rt-that-works", CancellationToken.None);
        var before = await Store.FindAsync(Instance, CancellationToken.None);

        Assert.Equal(WixCodeClaim.Claimed, await Store.ClaimCodeAndRecordInstallingAsync(Instance, SHA256.HashData("new-code"u8), CancellationToken.None));

        var after = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.Equal(before, after);
        Assert.True(after!.HasRefreshToken);
        Assert.Null(after.FallbackReason);
    }

    [Fact]
    public async Task Storing_the_refresh_token_alone_completes_the_install_even_after_a_removal_during_the_exchange()
    {
        Assert.Equal(WixCodeClaim.ClaimedAndRecordedInstalling, await Store.ClaimCodeAndRecordInstallingAsync(Instance, SHA256.HashData("the-code"u8), CancellationToken.None));
        // An AppRemoved seen while Wix was answering; the completion, one write, must still leave it installed with a new
        // install date (as recording the install before storing the token did).
        await Store.MarkRemovedAsync(Instance, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        await Store.SaveRefreshTokenAsync(Instance, "rt-after-reinstall", CancellationToken.None);

        var installed = await Store.FindAsync(Instance, CancellationToken.None);
        Assert.Equal(WixInstallationStatus.Installed, installed!.Status);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, installed.Strategy);
        Assert.True(installed.HasRefreshToken);
        Assert.Null(installed.FallbackReason);
        Assert.Null(installed.LastErrorCode);
        Assert.Equal(_time.GetUtcNow(), installed.InstalledAt);
    }
}
