using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Checklist FI-2: the server process dies while Wix holds the answer to the code exchange (the code already spent).
/// The write-ahead row it left is served by client credentials by the restarted process — no 404, nothing lost — and a
/// later install completes it. A real process killed, real PostgreSQL, the simulator holding the answer.
/// </summary>
public sealed class HandshakeCrashTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("wixauth-crash-").FullName;
    private readonly string _apiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _certificatePassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly SecretRegistry _secrets = new();
    private readonly int _port = FreePort.Next();
    private PostgresDatabaseFixture _database = null!;
    private WixSimulator _simulator = null!;
    private HostProcess? _host;

    private Uri Url => new($"http://127.0.0.1:{_port}");

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        WixKeyEncryptionCertificate.CreateSelfSigned(Path.Combine(_work, "key-encryption.pfx"), _certificatePassword);
        var options = new WixSimulatorOptions { AppUrl = new Uri(Url, "/oauth/install") };
        options.RedirectUrls.Add(new Uri(Url, "/oauth/callback").ToString());
        _simulator = await WixSimulator.StartAsync(options);
        _secrets.Add(_simulator.Control.AppSecret);
        _host = await StartHostAsync();
    }

    [Fact]
    public async Task A_process_killed_during_the_code_exchange_leaves_an_installation_served_by_client_credentials()
    {
        _simulator.Control.SpoilNextAnswers("authorization_code", 1, WixSimulatedAnswerFault.Hang);
        var install = Task.Run(() => InstallFlow.InstallAsync(_simulator, _secrets));

        // Wix has spent the code and holds its answer; the row was written before the code was presented.
        var instanceId = await WaitForAsync(async () =>
            _simulator.Control.Counters.AuthorizationCode == 1
                ? await _database.ScalarAsync<string>("SELECT instance_id FROM wix_installations WHERE last_error_code = 'exchange_pending'")
                : null);
        await _host!.DisposeAsync(); // kill -9 of the whole process tree
        _host = null;
        await Assert.ThrowsAnyAsync<Exception>(() => install);

        _host = await StartHostAsync();
        using var api = ApiClient();
        using var token = await api.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var tokenJson = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("client_credentials", tokenJson.GetProperty("strategy").GetString());
        _secrets.Add(tokenJson.GetProperty("access_token").GetString());

        var status = await StatusAsync(api, instanceId);
        Assert.Equal("installed", status.GetProperty("status").GetString());
        Assert.Equal("installing", status.GetProperty("fallback_reason").GetString());
        Assert.Equal("exchange_pending", status.GetProperty("last_error_code").GetString());
        Assert.Equal(1, _simulator.Control.Counters.AuthorizationCode); // never presented again

        // The owner installs again: the row is completed like any install.
        var again = await InstallFlow.InstallAsync(_simulator, _secrets, instanceId);
        Assert.Equal(HttpStatusCode.OK, again.FinalStatus);
        var completed = await StatusAsync(api, instanceId);
        Assert.True(completed.GetProperty("has_refresh_token").GetBoolean());
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("fallback_reason").ValueKind);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM wix_installations"));

        var leaks = _secrets.FindLeaks(_host.Output).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(5)));
    }

    private async Task<HostProcess> StartHostAsync() => await HostProcess.StartAsync(new Dictionary<string, string?>
    {
        ["Wix:AppId"] = _simulator.Control.AppId,
        ["Wix:AppSecret"] = _simulator.Control.AppSecret,
        ["Wix:PublicKey"] = _simulator.Control.PublicKeyPem,
        ["Wix:ApiBaseUrl"] = _simulator.BaseUrl.ToString(),
        ["Wix:InstallerBaseUrl"] = _simulator.BaseUrl.ToString(),
        ["WixAuth:PublicBaseUrl"] = Url.ToString().TrimEnd('/'),
        ["WixAuth:ApiKeys:0"] = _apiKey,
        ["WixAuth:DataProtection:CertificatePath"] = Path.Combine(_work, "key-encryption.pfx"),
        ["WixAuth:DataProtection:CertificatePassword"] = _certificatePassword,
        ["ConnectionStrings:WixAuth"] = _database.ConnectionString,
    }, _port);

    private HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        return client;
    }

    private static async Task<JsonElement> StatusAsync(HttpClient api, string instanceId)
    {
        using var response = await api.GetAsync(new Uri($"/api/v1/instances/{instanceId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<string> WaitForAsync(Func<Task<string?>> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The exchange never reached Wix with a write-ahead row in place.");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _simulator.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
