using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// Checklist L3, mass expiry / thundering herd, the on-demand equivalent: Wix.Auth has no background refresh workers
/// (a token is refreshed when a caller asks for it and the cached one is within its skew of expiry), so the herd is
/// live traffic. <c>installations</c> refresh-token installations are imported with no access token cached anywhere
/// (every one expired at once, as after a cold start), then <c>callers</c> callers ask the token API on 3 Release hosts,
/// round robin over hosts and instances, honouring the 503's Retry-After, for <c>duration</c> seconds; the simulator
/// rotates refresh tokens strictly and rate-limits its token endpoint at <c>rps</c> with 429 + Retry-After. The hosts
/// assume a legacy access-token lifetime of <c>lifetime</c> seconds, so the tokens of the first wave expire again
/// during the run (a second, on-demand wave). Reports refresh tokens presented twice (strict rotation makes that an
/// invalid_grant), the rate Wix saw against its limit, retries that came before Retry-After, when the first backlog
/// drained, and refresh tokens lost (installations not left with a refresh token and no fallback).
/// </summary>
internal static class MassExpiryScenario
{
    private const int Hosts = 3;

    public static async Task RunAsync(string admin, string hostDll, int installations, int rps, int callers, int lifetimeSeconds, int durationSeconds, int latencyMs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"L3 mass expiry: {installations} refresh-token installations, {Hosts} hosts, {callers} callers (one call per 100 ms each), Wix limit {rps} token requests/s, strict rotation, latency {latencyMs} ms, assumed token lifetime {lifetimeSeconds} s, {durationSeconds} s of traffic, {Environment.ProcessorCount} cores, load average {HostProcesses.LoadAverage()}"));
        await using var cluster = await HostCluster.CreateAsync(admin, Hosts);
        await using var simulator = await WixSimulator.StartAsync(new WixSimulatorOptions { RotateRefreshTokens = true });
        var control = simulator.Control;
        var instances = Enumerable.Range(0, installations).Select(_ => control.CreateInstalledInstance()).ToArray();
        var csv = new StringBuilder("instance_id,refresh_token\n");
        foreach (var id in instances)
        {
            csv.Append(id).Append(',').Append(control.IssueRefreshToken(id)).Append('\n');
        }

        await cluster.StartAsync(hostDll, simulator, new Dictionary<string, string>
        {
            ["Wix__LegacyAccessTokenLifetime"] = TimeSpan.FromSeconds(lifetimeSeconds).ToString("c", CultureInfo.InvariantCulture),
        }, csv.ToString());
        control.Latency = TimeSpan.FromMilliseconds(latencyMs);
        control.LimitTokenRequests(rps);
        control.Counters.Reset();

        var firstServed = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        var timeline = new List<(int Second, long Offered, long Limited, long Refreshes)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(durationSeconds));
        using var sampling = new CancellationTokenSource();
        var sampler = cluster.SamplePeakConnectionsAsync(sampling.Token);
        var watch = Stopwatch.StartNew();
        var next = -1;
        var recorder = RecordTimelineAsync(control, timeline, stop.Token);
        var loops = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                var instanceId = instances[n % instances.Length];
                var call = Stopwatch.StartNew();
                TimeSpan wait = TimeSpan.FromMilliseconds(100);
                try
                {
                    using var response = await cluster.Http.PostAsync(new Uri(cluster.HostUrl(n % Hosts), $"/api/v1/instances/{instanceId}/token"), null, CancellationToken.None);
                    latencies.Add(call.Elapsed.TotalMilliseconds);
                    statuses.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        firstServed.TryAdd(instanceId, watch.Elapsed.TotalSeconds);
                    }
                    else if (response.Headers.RetryAfter?.Delta is { } retryAfter)
                    {
                        // As a well-behaved caller: the host said when to come back.
                        wait = retryAfter;
                    }
                }
                catch (HttpRequestException ex)
                {
                    statuses.AddOrUpdate(ex.HttpRequestError.ToString(), 1, (_, c) => c + 1);
                }

                try
                {
                    await Task.Delay(wait, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        })).ToArray();
        await Task.WhenAll(loops);
        await recorder;
        await sampling.CancelAsync();
        var peak = await sampler;
        var load = HostProcesses.LoadAverage();
        control.LimitTokenRequests(0);

        var kept = (await cluster.QueryAsync<long>(
            "SELECT count(*) FROM wix_installations WHERE status = 'installed' AND refresh_token_ciphertext IS NOT NULL AND fallback_reason IS NULL")).Single();
        var fallbacks = await cluster.QueryAsync<string>(
            "SELECT fallback_reason || ' ' || coalesce(last_error_code, '') FROM wix_installations WHERE fallback_reason IS NOT NULL");
        var quarantined = (await cluster.QueryAsync<long>("SELECT count(*) FROM wix_quarantined_refresh_tokens")).Single();
        var drained = firstServed.Count == instances.Length ? firstServed.Values.Max().ToString("F1", CultureInfo.InvariantCulture) + " s" : $"not drained: {firstServed.Count} of {instances.Length} served";
        var sorted = latencies.Order().ToList();
        var perSecond = timeline.Zip(timeline.Skip(1), (a, b) => (b.Second, Offered: b.Offered - a.Offered, Limited: b.Limited - a.Limited, Refreshes: b.Refreshes - a.Refreshes)).ToList();
        var admittedPeak = perSecond.Count == 0 ? 0 : perSecond.Max(s => s.Offered - s.Limited);
        var offeredPeak = perSecond.Count == 0 ? 0 : perSecond.Max(s => s.Offered);
        var counters = control.Counters;

        Console.WriteLine();
        Console.WriteLine("| L3 mass expiry (on demand) | result |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| refresh grants served / per installation | {counters.RefreshToken} / {(double)counters.RefreshToken / installations:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| refresh tokens presented twice (invalid_grant under strict rotation; goal 0) | {counters.RefreshTokensRefused} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| client-credentials tokens (fallbacks) | {counters.ClientCredentials} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| token requests Wix saw / refused 429 | {counters.TokenRequests} / {counters.RateLimitedTokenRequests} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| peak requests in one second: offered / admitted (limit {rps}) | {offeredPeak} / {admittedPeak} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| credentials presented again before their Retry-After (goal 0) | {counters.RetriesBeforeRetryAfter} |"));
        Console.WriteLine($"| first backlog drained (every installation served once; ideal {(double)installations / rps:F0} s at the limit) | {drained} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| installations left with a refresh token and no fallback (goal {installations}) / quarantined | {kept} / {quarantined} |"));
        if (fallbacks.Count > 0)
        {
            Console.WriteLine($"| fallbacks recorded | {string.Join(", ", fallbacks.GroupBy(f => f, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"))} |");
        }

        Console.WriteLine($"| token API answers by status | {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} ×{s.Value}"))} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| token API ms p50 / p99 / max | {HostCluster.Quantile(sorted, 0.5):F0} / {HostCluster.Quantile(sorted, 0.99):F0} / {(sorted.Count == 0 ? 0 : sorted[^1]):F0} |"));
        Console.WriteLine($"| peak pooled connections per host | {HostCluster.Peak(peak)} |");
        Console.WriteLine($"| load average after the run (1/5/15 min) | {load} |");
        Console.WriteLine();
        Console.WriteLine("Per 10 s: token requests offered / refused 429 / refresh grants served");
        foreach (var chunk in perSecond.Chunk(10))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {chunk[0].Second - 1,3}–{chunk[^1].Second,3} s: {chunk.Sum(s => s.Offered),5} / {chunk.Sum(s => s.Limited),5} / {chunk.Sum(s => s.Refreshes),5}"));
        }
    }

    private static async Task RecordTimelineAsync(WixSimulatorControl control, List<(int, long, long, long)> timeline, CancellationToken stop)
    {
        var second = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            var c = control.Counters;
            timeline.Add((second++, c.TokenRequests, c.RateLimitedTokenRequests, c.RefreshToken));
        }
        while (await WaitAsync(timer, stop));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
