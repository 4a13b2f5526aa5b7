using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// What the checklist scenarios (L1, L3, L4) share: a database of their own on the PostgreSQL the script started, N
/// Release host processes wired to an in-process simulator, and the peak number of pooled connections per host
/// (<c>pg_stat_activity</c> sampled every 50 ms). Disposing kills every host and drops the database, whatever happened.
/// Ports are chosen before the simulator starts, because the simulator's App URL and redirect URL name the first host
/// (the "load balancer" address every host is configured with as its public base URL).
/// </summary>
internal sealed class HostCluster : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _admin;
    private readonly string _database;
    private readonly string _work;

    private HostCluster(string admin, string database, string work, int[] ports)
    {
        _admin = admin;
        _database = database;
        _work = work;
        Ports = ports;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;
        ApiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(100) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public int[] Ports { get; }

    public string ConnectionString { get; }

    public string ApiKey { get; }

    /// <summary>No redirects followed, the token API's key sent on every request.</summary>
    public HttpClient Http { get; }

    public string WorkDirectory => _work;

    /// <summary>The public base URL every host is given (the first host's address, standing in for a load balancer).</summary>
    public Uri PublicBaseUrl => HostUrl(0);

    public Uri HostUrl(int host) => new($"http://127.0.0.1:{Ports[host]}");

    /// <summary>Creates the database and picks the hosts' ports; nothing runs yet.</summary>
    public static async Task<HostCluster> CreateAsync(string admin, int hosts)
    {
        var database = "wixauth_checklist_" + Guid.NewGuid().ToString("N")[..10];
        await HostProcesses.AdminAsync(admin, $"CREATE DATABASE {database}");
        var work = Directory.CreateTempSubdirectory("wixauth-checklist-").FullName;
        return new HostCluster(admin, database, work, [.. Enumerable.Range(0, hosts).Select(_ => HostProcesses.FreePort())]);
    }

    /// <summary>
    /// Migrates (the host does it on start), optionally imports <paramref name="importCsv"/> (instance_id,refresh_token),
    /// starts every host on the simulator and waits until each is ready.
    /// </summary>
    public async Task StartAsync(string hostDll, WixSimulator simulator, IReadOnlyDictionary<string, string> extra, string? importCsv = null)
    {
        var control = simulator.Control;
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var certificate = Path.Combine(_work, "key-encryption.pfx");
        Dictionary<string, string> Settings(int host)
        {
            var settings = new Dictionary<string, string>
            {
                ["Wix__AppId"] = control.AppId,
                ["Wix__AppSecret"] = control.AppSecret,
                ["Wix__PublicKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(control.PublicKeyPem)),
                ["Wix__ApiBaseUrl"] = simulator.BaseUrl.ToString(),
                ["Wix__InstallerBaseUrl"] = simulator.BaseUrl.ToString(),
                ["WixAuth__PublicBaseUrl"] = PublicBaseUrl.ToString(),
                ["WixAuth__ApiKeys__0"] = ApiKey,
                ["WixAuth__DataProtection__CertificatePath"] = certificate,
                ["WixAuth__DataProtection__CertificatePassword"] = password,
                ["ConnectionStrings__WixAuth"] = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = $"host{host}" }.ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            return settings;
        }

        await HostProcesses.RunToEndAsync(hostDll, Settings(0), "create-key-certificate", certificate);
        if (importCsv is not null)
        {
            var csvPath = Path.Combine(_work, "installations.csv");
            await File.WriteAllTextAsync(csvPath, importCsv);
            await HostProcesses.RunToEndAsync(hostDll, Settings(0), "import-installations", csvPath);
        }

        for (var host = 0; host < Ports.Length; host++)
        {
            _processes.Add(HostProcesses.Start(hostDll, Settings(host), "--urls", HostUrl(host).ToString()));
        }

        foreach (var port in Ports)
        {
            await HostProcesses.WaitReadyAsync(Http, port);
        }
    }

    /// <summary>Samples pooled connections per host until cancelled; the listener's own connection is left out.</summary>
    public async Task<Dictionary<string, int>> SamplePeakConnectionsAsync(CancellationToken cancellationToken)
    {
        var peak = new ConcurrentDictionary<string, int>();
        // From the admin database, so the sampler's own statements and transactions are not counted as the hosts'.
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { ApplicationName = "bench-sampler", Pooling = false }.ConnectionString);
        await db.OpenAsync(CancellationToken.None);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using (var command = new NpgsqlCommand(
                "SELECT application_name, count(*)::int FROM pg_stat_activity WHERE datname = @database AND application_name LIKE 'host%' AND application_name NOT LIKE '%listener' GROUP BY 1", db))
            {
                command.Parameters.AddWithValue("database", _database);
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var count = reader.GetInt32(1);
                    peak.AddOrUpdate(reader.GetString(0), count, (_, old) => Math.Max(old, count));
                }
            }

            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return new Dictionary<string, int>(peak);
    }

    /// <summary>Runs one query on the scenario's database and returns the first column of every row.</summary>
    public Task<List<T>> QueryAsync<T>(string sql) => FirstColumnAsync<T>(ConnectionString, sql);

    /// <summary>
    /// Stops every host and waits until their sessions have ended: a session's transaction and WAL counters reach
    /// <c>pg_stat_database</c> / <c>pg_stat_wal</c> at the latest when it ends.
    /// </summary>
    public async Task StopHostsAsync()
    {
        foreach (var process in _processes)
        {
            await ChildProcesses.StopAsync(process);
            process.Dispose();
        }

        _processes.Clear();
        while ((await AdminQueryAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{_database}' AND application_name LIKE 'host%'")).Single() > 0)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Runs one query on the admin database (the statistics views); <c>{db}</c> in it names the scenario's database.</summary>
    public Task<List<T>> AdminQueryAsync<T>(string sql) =>
        FirstColumnAsync<T>(_admin, sql.Replace("{db}", _database, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await ChildProcesses.StopAsync(process);
            process.Dispose();
        }

        Http.Dispose();
        NpgsqlConnection.ClearAllPools();
        await HostProcesses.AdminAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        Directory.Delete(_work, recursive: true);
    }

    public static string Peak(Dictionary<string, int> peak) =>
        string.Join(" / ", peak.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The value at quantile <paramref name="q"/> (0..1) of a sorted list, nearest rank.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The first column of every row of <paramref name="sql"/>, on a connection of its own (outside any pool).</summary>
    private static async Task<List<T>> FirstColumnAsync<T>(string connectionString, string sql)
    {
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }
}
