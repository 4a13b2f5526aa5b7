using System.Diagnostics;
using System.Globalization;
using System.Net;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// Checklist L1, install burst: <c>installs</c> installs through the real handshake (App Market → App URL → the
/// simulator's installer and consent → callback → code exchange → persist → close-window), <c>concurrency</c> at a time,
/// on 2 Release hosts behind one public address. Each install's App URL goes to one host and its callback to the other,
/// so the correlation cookie and state made on one are checked on the other (the key ring is shared through
/// PostgreSQL). Reports lost installs (started vs rows completed with a refresh token or by fallback), code redemptions
/// per install at the simulator, the callback's server-side time with the simulated exchange latency taken out, and
/// the peak pooled connections per host.
/// </summary>
internal static class InstallBurstScenario
{
    private const int Hosts = 2;
    private const int WarmUpInstalls = 10;

    public static async Task RunAsync(string admin, string hostDll, int installs, int concurrency, int latencyMs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"L1 install burst: {installs} installs, {concurrency} at a time, {Hosts} hosts, simulated Wix latency {latencyMs} ms on the token endpoint, {Environment.ProcessorCount} cores, load average {HostProcesses.LoadAverage()}"));
        await using var cluster = await HostCluster.CreateAsync(admin, Hosts);
        var options = new WixSimulatorOptions
        {
            AppUrl = new Uri(cluster.PublicBaseUrl, "/oauth/install"),
            RedirectUrls = { new Uri(cluster.PublicBaseUrl, "/oauth/callback").ToString() },
            WebhookUrl = new Uri(cluster.PublicBaseUrl, "/webhooks/wix"),
        };
        await using var simulator = await WixSimulator.StartAsync(options);
        var control = simulator.Control;
        await cluster.StartAsync(hostDll, simulator, new Dictionary<string, string>
        {
            // Every simulated browser comes from 127.0.0.1; the per-address handshake limit (I2) would refuse the burst
            // after 60 requests a minute. A real burst comes from as many addresses as site owners.
            ["WixAuth__HandshakeRequestsPerMinute"] = "100000",
        });
        control.Latency = TimeSpan.FromMilliseconds(latencyMs);

        // A warm-up outside the measurement (JIT, the key ring's first key, the pools' first connections): counted in
        // the rows checked for lost installs, not in the times or the simulator's counters.
        var warmUp = await Task.WhenAll(Enumerable.Range(0, WarmUpInstalls).Select(i => InstallAsync(cluster, control, i % Hosts, (i + 1) % Hosts)));
        control.Counters.Reset();

        var results = new Result[installs];
        using var sampling = new CancellationTokenSource();
        var sampler = cluster.SamplePeakConnectionsAsync(sampling.Token);
        var slots = new SemaphoreSlim(concurrency);
        var watch = Stopwatch.StartNew();
        var tasks = new List<Task>(installs);
        for (var i = 0; i < installs; i++)
        {
            await slots.WaitAsync();
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    results[index] = await InstallAsync(cluster, control, index % Hosts, (index + 1) % Hosts);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        var peak = await sampler;
        var load = HostProcesses.LoadAverage();

        // What the database says each install became: completed with a refresh token, completed by fallback (reason
        // recorded), or still a write-ahead ("installing"): lost.
        var states = await cluster.QueryAsync<string>("""
            SELECT CASE WHEN status <> 'installed' THEN 'not installed (' || status || ')'
                        WHEN fallback_reason IS NULL AND refresh_token_ciphertext IS NOT NULL THEN 'complete_with_rt'
                        WHEN fallback_reason = 'installing' THEN 'write-ahead left (' || coalesce(last_error_code, '') || ')'
                        ELSE 'complete_fallback (' || fallback_reason || ')' END
              FROM wix_installations
            """);
        var byState = states.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var withRt = byState.GetValueOrDefault("complete_with_rt");
        var fallback = byState.Where(p => p.Key.StartsWith("complete_fallback", StringComparison.Ordinal)).Sum(p => p.Value);
        var started = installs + warmUp.Length;
        var ok = results.Count(r => r.Completed);
        var failures = results.Where(r => !r.Completed).GroupBy(r => r.Failure, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}");
        var callback = results.Where(r => r.Completed).Select(r => r.CallbackMs).Order().ToList();
        var serverSide = callback.Select(ms => ms - latencyMs).ToList();
        var appUrl = results.Where(r => r.Completed).Select(r => r.AppUrlMs).Order().ToList();
        var whole = results.Where(r => r.Completed).Select(r => r.TotalMs).Order().ToList();
        string Ms(List<double> sorted) => string.Create(CultureInfo.InvariantCulture,
            $"{HostCluster.Quantile(sorted, 0.5):F0} / {HostCluster.Quantile(sorted, 0.99):F0} / {(sorted.Count == 0 ? double.NaN : sorted[^1]):F0}");

        Console.WriteLine();
        Console.WriteLine("| L1 install burst | result |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| installs started / reached close-window (after {warmUp.Length} warm-up installs: {warmUp.Count(r => r.Completed)} reached it) | {installs} / {ok} |"));
        if (ok < installs)
        {
            Console.WriteLine($"| browser-side failures | {string.Join(", ", failures)} |");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| rows complete_with_rt + complete_fallback, warm-up included (goal {started} + 0) | {withRt} + {fallback} |"));
        foreach (var (state, count) in byState.Where(p => p.Key != "complete_with_rt").OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| rows {state} | {count} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| lost installs (started − completed rows, goal 0) | {started - withRt - fallback} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| codes redeemed at the simulator / presented again (goal {installs} / 0) | {control.Counters.AuthorizationCode} / {control.Counters.AuthorizationCodeReplays} |"));
        Console.WriteLine($"| App URL (/oauth/install) ms p50 / p99 / max | {Ms(appUrl)} |");
        Console.WriteLine($"| callback ms p50 / p99 / max (exchange at {latencyMs} ms included) | {Ms(callback)} |");
        Console.WriteLine($"| callback server-side ms p50 / p99 / max, exchange latency excluded (checklist p99 < 150) | {Ms(serverSide)} |");
        Console.WriteLine($"| whole install in the browser ms p50 / p99 / max | {Ms(whole)} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| throughput (installs/s), wall time (s) | {installs / seconds:F1}, {seconds:F1} |"));
        Console.WriteLine($"| peak pooled connections per host (MaxPoolSize 20 each) | {HostCluster.Peak(peak)} |");
        Console.WriteLine($"| load average after the run (1/5/15 min) | {load} |");
    }

    /// <summary>One site owner's install: App URL on <paramref name="appHost"/>, callback on <paramref name="callbackHost"/>.</summary>
    private static async Task<Result> InstallAsync(HostCluster cluster, WixSimulatorControl control, int appHost, int callbackHost)
    {
        var result = new Result();
        using var browser = new BrowserlessInstaller();
        var total = Stopwatch.StartNew();
        try
        {
            bool AtApp(Uri u) => u.Port == cluster.Ports[0] && u.Host == "127.0.0.1";
            var market = await browser.InstallAsync(control.CreateMarketInstallUrl(), AtApp);
            if (market.FinalStatus != HttpStatusCode.Redirect)
            {
                return result.Fail($"market {(int)market.FinalStatus}");
            }

            var step = Stopwatch.StartNew();
            using var app = await browser.GetAsync(OnHost(cluster, market.FinalUrl, appHost));
            result.AppUrlMs = step.Elapsed.TotalMilliseconds;
            if (app.StatusCode != HttpStatusCode.Redirect || app.Headers.Location is not { } installer)
            {
                return result.Fail($"app URL {(int)app.StatusCode}");
            }

            var consent = await browser.InstallAsync(Absolute(app, installer), AtApp);
            if (consent.FinalStatus != HttpStatusCode.Redirect)
            {
                return result.Fail($"installer {(int)consent.FinalStatus}");
            }

            step.Restart();
            using var callback = await browser.GetAsync(OnHost(cluster, consent.FinalUrl, callbackHost));
            result.CallbackMs = step.Elapsed.TotalMilliseconds;
            if (callback.StatusCode != HttpStatusCode.Redirect || callback.Headers.Location is not { } next)
            {
                return result.Fail($"callback {(int)callback.StatusCode}");
            }

            var end = await browser.InstallAsync(OnHost(cluster, Absolute(callback, next), callbackHost));
            if (!end.ReachedCloseWindow)
            {
                return result.Fail($"ended at {end.FinalUrl.AbsolutePath} {(int)end.FinalStatus}");
            }

            result.TotalMs = total.Elapsed.TotalMilliseconds;
            result.Completed = true;
            return result;
        }
        catch (HttpRequestException ex)
        {
            return result.Fail(ex.HttpRequestError.ToString());
        }
        catch (TaskCanceledException)
        {
            return result.Fail("timeout");
        }
    }

    private static Uri Absolute(HttpResponseMessage response, Uri location) =>
        location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);

    /// <summary>The public address's URL sent to one host, as a load balancer would.</summary>
    private static Uri OnHost(HostCluster cluster, Uri url, int host) =>
        url.Port == cluster.Ports[0] ? new UriBuilder(url) { Port = cluster.Ports[host] }.Uri : url;

    private sealed class Result
    {
        public bool Completed { get; set; }
        public string Failure { get; private set; } = string.Empty;
        public double AppUrlMs { get; set; }
        public double CallbackMs { get; set; }
        public double TotalMs { get; set; }

        public Result Fail(string failure)
        {
            Failure = failure;
            return this;
        }
    }
}
