using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks;

/// <summary>
/// 1000 instances x 10 concurrent calls on a cold cache, through the token manager, against the naive
/// one-request-per-call pattern of @wix/sdk's AppStrategy (wix-protocol.md §7.1).
/// </summary>
internal static class LoadScenario
{
    private const int Instances = 1000;
    private const int CallsPerInstance = 10;

    // The app's own concurrency bound (a worker pool). Without it the naive pattern opens ~10 000 sockets at
    // once and exhausts the machine's file descriptors; the 10 calls of one instance are issued back to back, so
    // they still overlap and reach the manager concurrently.
    private const int MaxInFlight = 200;

    public static async Task RunAsync(int runs, CancellationToken cancellationToken)
    {
        await using var simulator = await WixSimulator.StartAsync(new WixSimulatorOptions(), cancellationToken);
        var instances = Enumerable.Range(0, Instances).Select(_ => simulator.Control.CreateInstalledInstance()).ToArray();

        var managerTimes = new List<double>();
        var naiveTimes = new List<double>();
        long managerRequests = 0, naiveRequests = 0;
        for (var run = 0; run < runs; run++)
        {
            // A fresh container per run: the manager's cache starts cold every time.
            await using (var services = ServicesFactory.Build(simulator))
            {
                var manager = services.GetRequiredService<IWixTokenManager>();
                simulator.Control.Counters.Reset();
                managerTimes.Add(await TimeAsync(instances, id => manager.GetAccessTokenAsync(id, cancellationToken).AsTask()));
                managerRequests = simulator.Control.Counters.ClientCredentials;
            }

            await using (var services = ServicesFactory.Build(simulator))
            {
                var client = services.GetRequiredService<IWixTokenClient>();
                simulator.Control.Counters.Reset();
                naiveTimes.Add(await TimeAsync(instances, id => client.RequestClientCredentialsTokenAsync(id, cancellationToken)));
                naiveRequests = simulator.Control.Counters.ClientCredentials;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: manager {managerTimes[^1]:F0} ms ({managerRequests} upstream), naive {naiveTimes[^1]:F0} ms ({naiveRequests} upstream)"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| pattern | upstream client_credentials requests | median wall time ({runs} runs) |"));
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Wix.Auth token manager (single-flight + cache) | {managerRequests} | {Median(managerTimes):F0} ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| naive, one request per call (@wix/sdk AppStrategy) | {naiveRequests} | {Median(naiveTimes):F0} ms |"));
    }

    private static async Task<double> TimeAsync<T>(string[] instances, Func<string, Task<T>> call)
    {
        using var slots = new SemaphoreSlim(MaxInFlight);
        var watch = Stopwatch.StartNew();
        var calls = new List<Task>(instances.Length * CallsPerInstance);
        foreach (var id in instances)
        {
            for (var i = 0; i < CallsPerInstance; i++)
            {
                await slots.WaitAsync().ConfigureAwait(false);
                calls.Add(CallAsync(id));
            }
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        return watch.Elapsed.TotalMilliseconds;

        async Task CallAsync(string id)
        {
            try
            {
                await call(id).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
