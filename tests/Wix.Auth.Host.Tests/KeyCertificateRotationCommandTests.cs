using System.Net;
using Npgsql;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// <c>rotate-key-certificate</c> and the refusal to start, as the built program (issue #10 item 2): on a copy of a real
/// key ring, the command moves every key to the new certificate, says the old one can go, changes nothing when run again,
/// and a server left with only the old certificate exits with a clear message instead of writing a new key.
/// </summary>
public sealed class KeyCertificateRotationCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_command_moves_the_ring_to_the_new_certificate_and_a_server_with_only_the_old_one_exits_with_a_clear_message()
    {
        Assert.Equal(HttpStatusCode.OK, (await InstallFlow.InstallAsync(fixture)).FinalStatus);
        await using var database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        var settings = fixture.Settings();
        settings["ConnectionStrings:WixAuth"] = database.ConnectionString;
        await using (var migrate = await HostProcess.StartAsync(settings, FreePort.Next(), "migrate"))
        {
            Assert.Equal(0, await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var keys = await CopyKeyRingAsync(fixture.Database.ConnectionString, database.ConnectionString);
        Assert.NotEqual(0, keys);
        var newCertificate = Path.Combine(Directory.CreateTempSubdirectory("wixauth-rotation-").FullName, "new.pfx");
        WixKeyEncryptionCertificate.CreateSelfSigned(newCertificate, fixture.CertificatePassword);
        var rotation = new Dictionary<string, string?>(settings)
        {
            ["WixAuth:DataProtection:CertificatePath"] = newCertificate,
            ["WixAuth:DataProtection:PreviousCertificates:0:Path"] = fixture.CertificatePath,
            ["WixAuth:DataProtection:PreviousCertificates:0:Password"] = fixture.CertificatePassword,
        };

        await using (var rotate = await HostProcess.StartAsync(rotation, FreePort.Next(), "rotate-key-certificate"))
        {
            Assert.Equal(0, await rotate.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(rotate.Output, l => l.StartsWith($"{keys} key(s): {keys} re-encrypted now, {keys} under the current certificate, 0 still under a previous", StringComparison.Ordinal));
            Assert.Contains(rotate.Output, l => l.StartsWith("No key needs a previous certificate any more", StringComparison.Ordinal));
        }

        await using (var again = await HostProcess.StartAsync(rotation, FreePort.Next(), "rotate-key-certificate"))
        {
            Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(again.Output, l => l.StartsWith($"{keys} key(s): 0 re-encrypted now", StringComparison.Ordinal));
        }

        // The old certificate alone decrypts nothing now: the server says so and exits, and writes no key.
        var port = FreePort.Next();
        await using var oldOnly = await HostProcess.StartAsync(settings, port, "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(3, await oldOnly.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(oldOnly.Output, l => l.Contains("Refusing to start", StringComparison.Ordinal) && l.Contains("rotate-key-certificate", StringComparison.Ordinal));
        Assert.Equal(keys, await database.ScalarAsync<long>("SELECT count(*) FROM wix_data_protection_keys"));
    }

    private static async Task<long> CopyKeyRingAsync(string from, string to)
    {
        var rows = new List<(string Name, string Xml)>();
        await using (var source = new NpgsqlConnection(from))
        {
            await source.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT friendly_name, xml FROM wix_data_protection_keys", source);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        await using var target = new NpgsqlConnection(to);
        await target.OpenAsync();
        foreach (var (name, xml) in rows)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO wix_data_protection_keys (friendly_name, xml) VALUES (@name, @xml)", target);
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("xml", xml);
            await insert.ExecuteNonQueryAsync();
        }

        return rows.Count;
    }
}
