using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// "The store is unavailable" is part of every store contract: with nothing listening where the database should be,
/// each contract method throws <see cref="WixStoreUnavailableException"/> with the driver's exception inside, so a
/// caller never catches an Npgsql or ADO.NET type.
/// </summary>
public sealed class StoreUnavailableTests : IDisposable
{
    private const string Instance = "3f0a6b0e-0000-4000-8000-0000000000b1";

    // Port 9 (discard) on loopback: refused at once, so the test needs no timeout to pass.
    private readonly IHost _host = StoreProcess.Build(
        "Host=127.0.0.1;Port=9;Username=nobody;Password=nothing;Database=none;Timeout=3;Pooling=false", TestCertificate.Path);

    public void Dispose() => _host.Dispose();

    public static TheoryData<string> Calls() =>
    [
        "find", "list", "installed", "save", "removed", "fallback", "lease", "claim", "webhook", "migrations",
    ];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Every_store_call_reports_an_unreachable_database_as_store_unavailable(string call)
    {
        var services = _host.Services;
        var installations = services.GetRequiredService<IWixInstallationStore>();
        Func<Task> act = call switch
        {
            "find" => () => installations.FindAsync(Instance, CancellationToken.None),
            "list" => () => installations.ListAsync(0, 10, CancellationToken.None),
            "installed" => () => installations.RecordInstalledAsync(Instance, CancellationToken.None),
            "save" => () => installations.SaveRefreshTokenAsync(Instance, "rt-1", CancellationToken.None),
            "removed" => () => installations.MarkRemovedAsync(Instance, CancellationToken.None),
            "fallback" => () => installations.RecordFallbackAsync(Instance, WixFallbackReason.Missing, null, CancellationToken.None),
            "lease" => () => services.GetRequiredService<IWixRefreshTokenStore>().AcquireRefreshLeaseAsync(Instance, CancellationToken.None),
            "claim" => () => services.GetRequiredService<IWixAuthorizationCodeStore>().TryClaimAuthorizationCodeAsync(Instance, new byte[] { 1 }, CancellationToken.None),
            "webhook" => () => services.GetRequiredService<IWixWebhookInbox>().RecordWebhookEventAsync(
                new WixWebhookEventRecord("event-1", "AppInstalled", Instance, DateTimeOffset.UnixEpoch, WixWebhookEffect.Installed), CancellationToken.None),
            "migrations" => () => services.GetRequiredService<WixDatabaseMigrator>().IsUpToDateAsync(CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var error = await Assert.ThrowsAsync<WixStoreUnavailableException>(act);

        // Saving first encrypts, and Data Protection reports the key ring it could not read as a CryptographicException.
        var cause = error.InnerException is System.Security.Cryptography.CryptographicException crypto ? crypto.InnerException : error.InnerException;
        Assert.IsAssignableFrom<DbException>(cause);
    }
}
