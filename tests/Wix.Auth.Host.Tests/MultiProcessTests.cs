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
/// Two server processes on one database (shared store, shared Data Protection key ring): an install completed on one
/// is served by the other, which decrypts the refresh token the first one stored.
/// </summary>
public sealed class MultiProcessTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("wixauth-multiprocess-").FullName;
    private readonly string _apiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _certificatePassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly SecretRegistry _secrets = new();
    private PostgresDatabaseFixture _database = null!;
    private WixSimulator _simulator = null!;
    private HostProcess _first = null!;
    private HostProcess _second = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        var certificatePath = Path.Combine(_work, "key-encryption.pfx");
        WixKeyEncryptionCertificate.CreateSelfSigned(certificatePath, _certificatePassword);
        int firstPort = FreePort.Next(), secondPort = FreePort.Next();
        var firstUrl = new Uri($"http://127.0.0.1:{firstPort}");
        var options = new WixSimulatorOptions { AppUrl = new Uri(firstUrl, "/oauth/install"), WebhookUrl = new Uri(firstUrl, "/webhooks/wix") };
        options.RedirectUrls.Add(new Uri(firstUrl, "/oauth/callback").ToString());
        _simulator = await WixSimulator.StartAsync(options);
        _secrets.Add(_simulator.Control.AppSecret);
        _secrets.Add(_apiKey);
        _secrets.Add(_certificatePassword);

        Dictionary<string, string?> Settings(Uri publicUrl) => new()
        {
            ["Wix:AppId"] = _simulator.Control.AppId,
            ["Wix:AppSecret"] = _simulator.Control.AppSecret,
            ["Wix:PublicKey"] = _simulator.Control.PublicKeyPem,
            ["Wix:ApiBaseUrl"] = _simulator.BaseUrl.ToString(),
            ["Wix:InstallerBaseUrl"] = _simulator.BaseUrl.ToString(),
            ["WixAuth:PublicBaseUrl"] = publicUrl.ToString().TrimEnd('/'),
            ["WixAuth:ApiKeys:0"] = _apiKey,
            ["WixAuth:DataProtection:CertificatePath"] = certificatePath,
            ["WixAuth:DataProtection:CertificatePassword"] = _certificatePassword,
            ["ConnectionStrings:WixAuth"] = _database.ConnectionString,
            // Short-lived legacy access tokens, so each round below makes both processes refresh again.
            ["Wix:LegacyAccessTokenLifetime"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Logging:LogLevel:Npgsql"] = "Trace",
        };

        // Both start at once on an empty database: migrations and the key ring must cope with a concurrent cold start.
        var first = HostProcess.StartAsync(Settings(firstUrl), firstPort);
        var second = HostProcess.StartAsync(Settings(new Uri($"http://127.0.0.1:{secondPort}")), secondPort);
        _first = await first;
        _second = await second;
    }

    [Fact]
    public async Task An_install_completed_on_one_process_is_served_with_a_refresh_token_by_the_other()
    {
        var install = await InstallFlow.InstallAsync(_simulator, _secrets);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var refreshesBefore = _simulator.Control.Counters.RefreshToken;

        using var client = new HttpClient { BaseAddress = _second.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{install.InstanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("refresh_token", json.GetProperty("strategy").GetString());
        Assert.Equal(install.InstanceId, json.GetProperty("instance_id").GetString());
        _secrets.Add(json.GetProperty("access_token").GetString());
        Assert.True(_simulator.Control.Counters.RefreshToken > refreshesBefore, "the second process refreshed with the stored refresh token");

        // Neither process wrote a secret to its console log, even at Trace level.
        var leaks = _secrets.FindLeaks(_first.Output.Concat(_second.Output)).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(5)));
    }

    [Fact]
    public async Task Two_processes_refreshing_one_instance_at_once_with_rotation_never_lose_the_refresh_token()
    {
        var install = await InstallFlow.InstallAsync(_simulator, _secrets);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        // Strict rotation: every refresh revokes the token it presented, so a process that refreshed with a stale
        // token, or overwrote a newer one, would get invalid_grant and fall back to client credentials.
        _simulator.Control.RotateRefreshTokens = true;
        var refreshesBefore = _simulator.Control.Counters.RefreshToken;
        using var first = ApiClient(_first.Url);
        using var second = ApiClient(_second.Url);
        var path = new Uri($"/api/v1/instances/{install.InstanceId}/token", UriKind.Relative);

        const int rounds = 4;
        for (var round = 0; round < rounds; round++)
        {
            var calls = Enumerable.Range(0, 5).SelectMany(_ => new[] { first.PostAsync(path, null), second.PostAsync(path, null) });
            foreach (var response in await Task.WhenAll(calls))
            {
                using (response)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var json = JsonDocument.Parse(body).RootElement;
                    _secrets.Add(json.GetProperty("access_token").GetString());
                    Assert.Equal("refresh_token", json.GetProperty("strategy").GetString());
                }
            }

            // Let both processes' cached access tokens expire (1 s lifetime) before the next round.
            await Task.Delay(TimeSpan.FromMilliseconds(1200));
        }

        using var status = await first.GetAsync(new Uri($"/api/v1/instances/{install.InstanceId}", UriKind.Relative));
        var installation = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement;
        Assert.True(installation.GetProperty("has_refresh_token").GetBoolean());
        Assert.Equal(JsonValueKind.Null, installation.GetProperty("fallback_reason").ValueKind);
        Assert.Equal(0, _simulator.Control.Counters.FailedTokenRequests);
        // One refresh per token life for the cluster (issue 14): the first process to miss claims the instance in the
        // shared token cache and refreshes; the other takes its token from there (was one per process per round).
        Assert.Equal(rounds, _simulator.Control.Counters.RefreshToken - refreshesBefore);
    }

    private HttpClient ApiClient(Uri baseUrl)
    {
        var client = new HttpClient { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        return client;
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _simulator.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
