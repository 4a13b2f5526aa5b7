using Wix.Auth.Testing.Postgres;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wix.Auth.Advanced;
using Wix.Auth.Simulator;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>
/// Server processes on one database and one simulator (the cluster of issues 11 and 14), with the token API, webhook
/// posts and the database at hand. Everything it starts is stopped by <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("wixauth-cluster-").FullName;
    private readonly List<HostProcess> _hosts = [];

    private Cluster(string apiKey) => ApiKey = apiKey;

    public string ApiKey { get; }

    public SecretRegistry Secrets { get; } = new();

    public PostgresDatabaseFixture Database { get; private set; } = null!;

    public WixSimulator Simulator { get; private set; } = null!;

    public IReadOnlyList<HostProcess> Hosts => _hosts;

    /// <summary>Starts <paramref name="count"/> hosts at once; <paramref name="extra"/> settings apply to every one.</summary>
    public static async Task<Cluster> StartAsync(int count, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var cluster = new Cluster(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        try
        {
            await cluster.StartHostsAsync(count, extra ?? new Dictionary<string, string?>());
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostsAsync(int count, IReadOnlyDictionary<string, string?> extra)
    {
        Database = await PostgresDatabaseFixture.CreateAsync(migrated: false);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var certificatePath = Path.Combine(_work, "key-encryption.pfx");
        WixKeyEncryptionCertificate.CreateSelfSigned(certificatePath, password);
        var ports = Enumerable.Range(0, count).Select(_ => FreePort.Next()).ToArray();
        var firstUrl = new Uri($"http://127.0.0.1:{ports[0]}");
        var options = new WixSimulatorOptions { AppUrl = new Uri(firstUrl, "/oauth/install"), WebhookUrl = new Uri(firstUrl, "/webhooks/wix") };
        options.RedirectUrls.Add(new Uri(firstUrl, "/oauth/callback").ToString());
        Simulator = await WixSimulator.StartAsync(options);
        Secrets.Add(Simulator.Control.AppSecret);
        Secrets.Add(ApiKey);
        Secrets.Add(password);

        var starts = ports.Select(port =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Wix:AppId"] = Simulator.Control.AppId,
                ["Wix:AppSecret"] = Simulator.Control.AppSecret,
                ["Wix:PublicKey"] = Simulator.Control.PublicKeyPem,
                ["Wix:ApiBaseUrl"] = Simulator.BaseUrl.ToString(),
                ["Wix:InstallerBaseUrl"] = Simulator.BaseUrl.ToString(),
                ["WixAuth:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
                ["WixAuth:ApiKeys:0"] = ApiKey,
                ["WixAuth:DataProtection:CertificatePath"] = certificatePath,
                ["WixAuth:DataProtection:CertificatePassword"] = password,
                ["ConnectionStrings:WixAuth"] = Database.ConnectionString,
            };
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            return HostProcess.StartAsync(settings, port);
        }).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        finally
        {
            // Kept in order, and the ones that did start are stopped with the cluster when another failed.
            _hosts.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
        }
    }

    public HttpClient Client(int host)
    {
        var client = new HttpClient { BaseAddress = _hosts[host].Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>The token API of <paramref name="host"/>: the status code, and the access token when 200.</summary>
    public async Task<(HttpStatusCode Status, string? AccessToken, string? Strategy)> TokenAsync(int host, string instanceId)
    {
        using var client = Client(host);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, null);
        }

        var json = JsonDocument.Parse(body).RootElement;
        var token = json.GetProperty("access_token").GetString();
        Secrets.Add(token);
        return (response.StatusCode, token, json.GetProperty("strategy").GetString());
    }

    /// <summary>Posts a webhook signed by the simulator to <paramref name="host"/>, as Wix would.</summary>
    public async Task<HttpStatusCode> WebhookAsync(int host, string eventType, string instanceId, DateTimeOffset issuedAt)
    {
        var jwt = Simulator.Control.CreateWebhookJwt(eventType, instanceId, $$"""{"appId":"{{Simulator.Control.AppId}}"}""", issuedAt);
        Secrets.Add(jwt);
        using var client = new HttpClient { BaseAddress = _hosts[host].Url };
        using var content = new StringContent(jwt, Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync(new Uri("/webhooks/wix", UriKind.Relative), content);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Directory.Delete(_work, recursive: true);
    }
}
