using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Core.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests;

/// <summary>
/// Checklist L3: a 429 with Retry-After holds every token request of its scope until the moment Wix named. The
/// simulator and the client share one fake clock, so "not sent before the not-before" is a count of what the simulator
/// received while that clock stood still, not a measured time.
/// </summary>
public sealed class TokenRateLimitTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new(Start);
    private WixSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await WixSimulator.StartAsync(new WixSimulatorOptions { TimeProvider = _time });

    public async Task DisposeAsync() => await _sim.StopAsync();

    [Fact]
    public async Task Requests_after_a_429_share_its_not_before_and_are_not_sent_earlier()
    {
        await using var services = Build(o => { });
        var client = services.GetRequiredService<IWixTokenClient>();
        using var gate = Gate(services);
        _sim.Control.LimitTokenRequests(3);
        var instances = Enumerable.Range(0, 7).Select(_ => _sim.Control.CreateInstalledInstance()).ToArray();
        for (var i = 0; i < 3; i++)
        {
            await client.RequestClientCredentialsTokenAsync(instances[i], CancellationToken.None);
        }

        // The window's fourth request is refused until the next second.
        var refused = await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instances[3], CancellationToken.None));
        Assert.Equal(429, refused.StatusCode);
        var sent = _sim.Control.Counters.TokenRequests;

        // Three concurrent requests for other instances: each waits for the one shared moment instead of being refused.
        var waiting = instances[4..].Select(i => client.RequestClientCredentialsTokenAsync(i, CancellationToken.None)).ToArray();
        await UntilAsync(() => gate.GetMeasurementSnapshot().Count(m => Equals(m.Tags["result"], "waited")) == 3 || waiting.Any(t => t.IsCompleted));
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        Assert.Equal(sent, _sim.Control.Counters.TokenRequests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(waiting).WaitAsync(Patience);
        Assert.Equal(1, _sim.Control.Counters.RateLimitedTokenRequests);
        Assert.Equal(0, _sim.Control.Counters.RetriesBeforeRetryAfter);
    }

    [Fact]
    public async Task Per_instance_scope_holds_back_only_the_refused_instance()
    {
        await using var services = Build(o => o.RateLimitScope = WixTokenRateLimitScope.Instance);
        var client = services.GetRequiredService<IWixTokenClient>();
        using var gate = Gate(services);
        var refusedInstance = _sim.Control.CreateInstalledInstance();
        var other = _sim.Control.CreateInstalledInstance();
        _sim.Control.FailNextTokenRequests(1, 429, TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(refusedInstance, CancellationToken.None));

        // Another instance is not held: served while the clock stands still.
        await client.RequestClientCredentialsTokenAsync(other, CancellationToken.None).WaitAsync(Patience);
        var sent = _sim.Control.Counters.TokenRequests;

        var again = client.RequestClientCredentialsTokenAsync(refusedInstance, CancellationToken.None);
        await UntilAsync(() => gate.GetMeasurementSnapshot().Any(m => Equals(m.Tags["result"], "waited")) || again.IsCompleted);
        Assert.False(again.IsCompleted);
        Assert.Equal(sent, _sim.Control.Counters.TokenRequests);

        _time.Advance(TimeSpan.FromSeconds(5));
        await again.WaitAsync(Patience);
        Assert.Equal(sent + 1, _sim.Control.Counters.TokenRequests);
    }

    [Fact]
    public async Task A_wait_beyond_the_budget_fails_fast_as_transient_with_the_remaining_retry_after()
    {
        await using var services = Build(o => o.RateLimitMaxWait = TimeSpan.FromSeconds(10));
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = _sim.Control.CreateInstalledInstance();
        _sim.Control.FailNextTokenRequests(1, 429, TimeSpan.FromSeconds(60));
        await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None));
        var sent = _sim.Control.Counters.TokenRequests;

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None).WaitAsync(Patience));

        Assert.Equal(WixTokenErrorKind.Transient, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
        Assert.Equal(sent, _sim.Control.Counters.TokenRequests);
    }

    [Fact]
    public async Task A_request_waiting_for_the_not_before_can_be_cancelled_and_is_never_sent()
    {
        await using var services = Build(o => { });
        var client = services.GetRequiredService<IWixTokenClient>();
        using var gate = Gate(services);
        var instance = _sim.Control.CreateInstalledInstance();
        _sim.Control.FailNextTokenRequests(1, 429, TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None));
        var sent = _sim.Control.Counters.TokenRequests;
        using var cancel = new CancellationTokenSource();

        var waiting = client.RequestClientCredentialsTokenAsync(instance, cancel.Token);
        await UntilAsync(() => gate.GetMeasurementSnapshot().Any(m => Equals(m.Tags["result"], "waited")) || waiting.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(sent, _sim.Control.Counters.TokenRequests);
    }

    private ServiceProvider Build(Action<WixAuthOptions> tweak) =>
        WixAuthServices.Build(_sim, o =>
        {
            // One attempt each: what the simulator receives is then exactly what the gate let through.
            o.MaxRetryAttempts = 0;
            tweak(o);
        }, _time);

    private static MetricCollector<long> Gate(ServiceProvider services) =>
        new(services.GetRequiredService<IMeterFactory>(), WixAuthTelemetry.MeterName, "wix_auth.token.rate_limit");

    // Waits on a real clock for a state the code under test reaches by itself (a request parked on the fake clock, or
    // one answered); the assertions after it say which.
    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
