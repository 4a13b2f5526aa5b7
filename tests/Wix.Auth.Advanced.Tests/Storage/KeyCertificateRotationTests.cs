using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Storage.Postgres;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// Replacing the key-encryption certificate (issue #10 item 2): the old certificate decrypts as a previous one,
/// <c>rotate-key-certificate</c> re-encrypts the ring under the new one, and a host that can decrypt no key refuses to
/// start instead of making every refresh token undecryptable. Key activation uses the system clock, as in KeyRingTests.
/// </summary>
public sealed class KeyCertificateRotationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly string Old = TestCertificate.Named("rotation-old");
    private static readonly string New = TestCertificate.Named("rotation-new");

    public Task InitializeAsync() => database.ResetAsync(clearKeyRing: true);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_the_old_certificate_as_previous_old_tokens_decrypt_and_new_keys_are_encrypted_with_the_new_one()
    {
        await SaveUnderOldCertificateAsync(("site-1", "rt-1"));

        await using var process = await StoreProcess.StartWithCertificatesAsync(database.ConnectionString, New, Old);
        await using (var lease = await process.RefreshTokens.AcquireRefreshLeaseAsync("site-1", CancellationToken.None))
        {
            Assert.Equal("rt-1", lease.RefreshToken);
        }

        var now = TimeProvider.System.GetUtcNow();
        var newKey = process.KeyManager.CreateNewKey(now, now.AddDays(90));
        var thumbprints = await KeyThumbprintsAsync();
        Assert.Equal(2, thumbprints.Count);
        Assert.Equal(TestCertificate.ThumbprintOf(Old), thumbprints.Single(k => k.Key != newKey.KeyId).Value);
        Assert.Equal(TestCertificate.ThumbprintOf(New), thumbprints[newKey.KeyId]);
    }

    [Fact]
    public async Task A_host_whose_certificates_decrypt_no_key_refuses_to_start_and_writes_nothing()
    {
        await SaveUnderOldCertificateAsync(("site-1", "rt-1"));
        var rowBefore = await InstallationRowAsync("site-1");

        // Data Protection registered before the store, as an app that calls AddAuthentication first does: its hosted
        // service, which loads the key ring (and writes a new key when none decrypts), then starts before ours.
        using var host = StoreProcess.Build(database.ConnectionString, New, configureHost: b => b.Logging.AddFakeLogging(),
            beforeStore: s => s.AddDataProtection());
        var error = await Assert.ThrowsAsync<WixKeyRingUndecryptableException>(() => host.StartAsync());

        Assert.Contains(TestCertificate.ThumbprintOf(Old), error.Message, StringComparison.Ordinal);
        Assert.Contains("WixAuth:DataProtection:PreviousCertificates:0:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("rotate-key-certificate", error.Message, StringComparison.Ordinal);
        var alert = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 3121);
        Assert.Equal(LogLevel.Critical, alert.Level);
        Assert.Single(await KeyIdsAsync());
        Assert.Equal(rowBefore, await InstallationRowAsync("site-1"));
    }

    [Fact]
    public async Task Rotation_reencrypts_every_key_under_the_new_certificate_while_a_server_runs_and_then_the_old_one_can_go()
    {
        await SaveUnderOldCertificateAsync(("site-1", "rt-1"));
        await using (var second = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, certificatePath: Old))
        {
            var now = TimeProvider.System.GetUtcNow();
            second.KeyManager.CreateNewKey(now, now.AddDays(90));
            await second.Store.SaveRefreshTokenAsync("site-2", "rt-2", CancellationToken.None);
        }

        var keyIds = await KeyIdsAsync();
        Assert.Equal(2, keyIds.Count);
        var ciphertexts = new[] { await StoreAssertions.CiphertextAsync(database.DataSource, "site-1"), await StoreAssertions.CiphertextAsync(database.DataSource, "site-2") };

        await using var running = await StoreProcess.StartWithCertificatesAsync(database.ConnectionString, New, Old);
        await using (var rotating = await StoreProcess.StartWithCertificatesAsync(database.ConnectionString, New, Old))
        {
            var rotator = rotating.Services.GetRequiredService<WixKeyCertificateRotator>();
            var first = await rotator.RotateAsync(CancellationToken.None);
            Assert.Equal(new WixKeyCertificateRotationResult(2, 2, 2, 0, 0, 0), first);
            Assert.False(first.PreviousCertificatesNeeded);

            var again = await rotator.RotateAsync(CancellationToken.None);
            Assert.Equal(new WixKeyCertificateRotationResult(2, 0, 2, 0, 0, 0), again);
        }

        Assert.Equal(keyIds, await KeyIdsAsync());
        Assert.All((await KeyThumbprintsAsync()).Values, t => Assert.Equal(TestCertificate.ThumbprintOf(New), t));
        Assert.Equal(ciphertexts[0], await StoreAssertions.CiphertextAsync(database.DataSource, "site-1"));
        Assert.Equal(ciphertexts[1], await StoreAssertions.CiphertextAsync(database.DataSource, "site-2"));

        // The server that ran through the rotation keeps working; one with only the new certificate reads everything.
        await running.Store.SaveRefreshTokenAsync("site-3", "rt-3", CancellationToken.None);
        await using var newOnly = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, certificatePath: New);
        foreach (var (instance, token) in new[] { ("site-1", "rt-1"), ("site-2", "rt-2"), ("site-3", "rt-3") })
        {
            await using var lease = await newOnly.RefreshTokens.AcquireRefreshLeaseAsync(instance, CancellationToken.None);
            Assert.Equal(token, lease.RefreshToken);
        }

        // And the old certificate really is retired: alone it decrypts nothing any more.
        using var oldOnly = StoreProcess.Build(database.ConnectionString, Old);
        await Assert.ThrowsAsync<WixKeyRingUndecryptableException>(() => oldOnly.StartAsync());
    }

    [Fact]
    public async Task Two_rotations_at_once_reencrypt_each_key_once_and_lose_none()
    {
        await SaveUnderOldCertificateAsync(("site-1", "rt-1"), ("site-2", "rt-2"));
        await using (var second = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, certificatePath: Old))
        {
            var now = TimeProvider.System.GetUtcNow();
            second.KeyManager.CreateNewKey(now, now.AddDays(90));
            second.KeyManager.CreateNewKey(now, now.AddDays(90));
        }

        await using var a = await StoreProcess.StartWithCertificatesAsync(database.ConnectionString, New, Old);
        await using var b = await StoreProcess.StartWithCertificatesAsync(database.ConnectionString, New, Old);
        using var start = new Barrier(2);
        var results = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(); return a.Services.GetRequiredService<WixKeyCertificateRotator>().RotateAsync(CancellationToken.None); }),
            Task.Run(() => { start.SignalAndWait(); return b.Services.GetRequiredService<WixKeyCertificateRotator>().RotateAsync(CancellationToken.None); }));

        Assert.Equal(3, results.Sum(r => r.Reencrypted));
        Assert.All(results, r => Assert.Equal(3, r.UnderCurrentCertificate));
        Assert.Equal(3, (await KeyIdsAsync()).Count);
        await using var newOnly = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, certificatePath: New);
        await using var lease = await newOnly.RefreshTokens.AcquireRefreshLeaseAsync("site-2", CancellationToken.None);
        Assert.Equal("rt-2", lease.RefreshToken);
    }

    [Fact]
    public async Task A_previous_certificate_that_cannot_be_opened_stops_the_start_naming_its_key()
    {
        using var host = StoreProcess.Build(database.ConnectionString, New, configureHost: b =>
        {
            StoreProcess.AddPrevious(b, Old);
            b.Configuration["WixAuth:DataProtection:PreviousCertificates:0:Password"] = "not-the-password";
            b.Configuration["WixAuth:DataProtection:PreviousCertificates:1:Path"] = "/nonexistent/old.pfx";
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:DataProtection:PreviousCertificates:0:Path could not be opened", error.Message, StringComparison.Ordinal);
        Assert.Contains("WixAuth:DataProtection:PreviousCertificates:1:Path names a file that does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    private async Task SaveUnderOldCertificateAsync(params (string Instance, string Token)[] rows)
    {
        await using var process = await StoreProcess.StartAsync(database.ConnectionString, TimeProvider.System, certificatePath: Old);
        foreach (var (instance, token) in rows)
        {
            await process.Store.SaveRefreshTokenAsync(instance, token, CancellationToken.None);
        }
    }

    private async Task<List<Guid>> KeyIdsAsync() => (await KeyThumbprintsAsync()).Keys.Order().ToList();

    /// <summary>Key ID → thumbprint of the certificate that encrypts it, read from the rows as stored.</summary>
    private async Task<Dictionary<Guid, string?>> KeyThumbprintsAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>("SELECT xml FROM wix_data_protection_keys");
        return rows.Select(XElement.Parse).ToDictionary(
            key => Guid.Parse((string)key.Attribute("id")!),
            key => KeyEncryptionCertificateName.ThumbprintOf(key.Descendants(WixKeyRingInspector.EncryptedSecret).Single().Elements().Single()));
    }

    private async Task<string> InstallationRowAsync(string instanceId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT t::text FROM wix_installations t WHERE instance_id = @instanceId", new { instanceId }) ?? "";
    }
}
