using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Wix.Auth.Host.Telemetry;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Runs alone: the SDK selects meters and sources by name, and every host in this process has a <c>Wix.Auth</c> meter
/// and source; hosts of other classes running at the same time would add their points to ours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (alone)";
}

/// <summary>
/// The server with an in-memory OpenTelemetry exporter, as an operator's collector would see it, the Prometheus endpoint
/// on, and notifications going to a loopback receiver.
/// </summary>
public sealed class TelemetryServerFixture : ServerFixture, IAsyncLifetime
{
    private readonly byte[] _notificationKey = RandomNumberGenerator.GetBytes(32);

    public List<Metric> Metrics { get; } = [];

    public List<Activity> Activities { get; } = [];

    internal NotificationReceiver Receiver { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => new Dictionary<string, string?>
    {
        ["WixAuth:Telemetry:PrometheusEndpoint"] = "true",
        ["WixAuth:Notifications:Url"] = Receiver.Url.ToString(),
        ["WixAuth:Notifications:Secret"] = "whsec_" + Convert.ToBase64String(_notificationKey),
        ["WixAuth:Notifications:PollInterval"] = "00:00:00.100",
    };

    protected override void ConfigureServer(WebApplicationBuilder builder)
    {
        // The server's own SDK set-up (meters, sources, instrumentations), with a test's exporter instead of OTLP.
        builder.Services.AddServerOpenTelemetry(tracing: true)
            .WithMetrics(m => m.AddInMemoryExporter(Metrics))
            .WithTracing(t => t.AddInMemoryExporter(Activities));
    }

    public new async Task InitializeAsync()
    {
        Receiver = await NotificationReceiver.StartAsync(refuseFirst: 0);
        Secrets.Add("whsec_" + Convert.ToBase64String(_notificationKey));
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>Exports what has been recorded so far.</summary>
    public void Flush()
    {
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        Services.GetRequiredService<TracerProvider>().ForceFlush();
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryServerFixture fixture) : IClassFixture<TelemetryServerFixture>
{
    [Fact]
    public async Task An_install_a_token_and_a_webhook_export_the_wix_auth_instruments_and_spans_and_no_secret()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        fixture.Secrets.Add(await StoredRefreshTokenAsync(install.InstanceId));
        var ccInstance = fixture.Simulator.Control.CreateInstalledInstance();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, ccInstance)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        using var client = fixture.CreateClient(withApiKey: true);
        foreach (var instanceId in new[] { install.InstanceId, ccInstance, ccInstance })
        {
            using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            fixture.Secrets.AddResponse(body);
            using var json = JsonDocument.Parse(body);
            fixture.Secrets.Add(json.RootElement.GetProperty("access_token").GetString());
        }

        // The refresh may have rotated the refresh token: the new one is a secret too.
        fixture.Secrets.Add(await StoredRefreshTokenAsync(install.InstanceId));
        await WaitForNotificationsAsync();

        fixture.Flush();
        var metrics = fixture.Metrics.Where(m => m.MeterName == WixAuthTelemetry.MeterName).ToList();
        var requests = Points(metrics, "wix_auth.token.requests");
        Assert.Contains(requests, p => Tag(p, "grant") == "authorization_code" && Tag(p, "outcome") == "success");
        Assert.Contains(requests, p => Tag(p, "grant") == "refresh_token" && Tag(p, "outcome") == "success");
        Assert.Contains(requests, p => Tag(p, "grant") == "client_credentials" && Tag(p, "outcome") == "success");
        Assert.Contains(Points(metrics, "wix_auth.token.request.duration"), p => Tag(p, "grant") == "refresh_token" && p.GetHistogramCount() >= 1);
        var lookups = Points(metrics, "wix_auth.token_cache.lookups");
        Assert.Contains(lookups, p => Tag(p, "level") == "memory" && Tag(p, "result") == "hit" && p.GetSumLong() >= 1);
        Assert.Contains(lookups, p => Tag(p, "level") == "memory" && Tag(p, "result") == "miss");
        Assert.Contains(Points(metrics, "wix_auth.fallbacks"), p => Tag(p, "reason") == "missing" && p.GetSumLong() >= 1);
        Assert.Contains(Points(metrics, "wix_auth.webhooks"), p => Tag(p, "event_type") == "AppInstalled" && Tag(p, "outcome") == "applied");
        Assert.Contains(Points(metrics, "wix_auth.refresh_lock.wait"), p => Tag(p, "outcome") == "acquired" && p.GetHistogramCount() >= 1);
        Assert.Contains(Points(metrics, "wix_auth.notifications"), p => Tag(p, "event_type") == "installation.installed" && Tag(p, "outcome") == "delivered");

        // Bounded tags only: no instance ID on any Wix.Auth instrument.
        foreach (var point in metrics.SelectMany(PointsOf))
        {
            foreach (var tag in point.Tags)
            {
                Assert.NotEqual(install.InstanceId, tag.Value as string);
                Assert.NotEqual(ccInstance, tag.Value as string);
            }
        }

        // A snapshot: the in-memory exporter appends to the list from other threads as late spans (a request's own, a
        // background query's) end, and enumerating the live list then throws.
        var activities = fixture.Activities.ToArray();
        var spans = activities.Where(a => a.Source.Name == WixAuthTelemetry.ActivitySourceName).ToList();
        Assert.Contains(spans, a => a.OperationName == "wix_auth.token.acquire" && Instance(a) == ccInstance);
        var wixCall = Assert.Single(spans, a => a.OperationName == "wix_auth.token.request" && Instance(a) == ccInstance);
        Assert.False(string.IsNullOrEmpty(wixCall.GetTagItem("wix.request_id") as string));
        var refresh = Assert.Single(spans, a => a.OperationName == "wix_auth.token.request" && (string?)a.GetTagItem("wix.grant") == "refresh_token");
        Assert.False(string.IsNullOrEmpty(refresh.GetTagItem("wix.request_id") as string));
        var lease = Assert.Single(spans, a => a.OperationName == "wix_auth.refresh.lease" && Instance(a) == install.InstanceId);
        Assert.Equal(lease.SpanId, refresh.ParentSpanId);
        Assert.Contains(spans, a => a.OperationName == "wix_auth.handshake.install");
        var callback = Assert.Single(spans, a => a.OperationName == "wix_auth.handshake.callback" && Instance(a) == install.InstanceId);
        Assert.Equal("installed", callback.GetTagItem("wix.outcome"));
        foreach (var step in new[] { "wix_auth.handshake.exchange_code", "wix_auth.handshake.verify_instance", "wix_auth.handshake.persist" })
        {
            Assert.Contains(spans, a => a.OperationName == step && a.ParentSpanId == callback.SpanId);
        }

        var exchange = Assert.Single(spans, a => a.OperationName == "wix_auth.token.request" && (string?)a.GetTagItem("wix.grant") == "authorization_code");
        Assert.Equal("wix_auth.handshake.exchange_code", spans.Single(a => a.SpanId == exchange.ParentSpanId).OperationName);
        Assert.Contains(spans, a => a.OperationName == "wix_auth.webhook" && (string?)a.GetTagItem("wix.event_type") == "AppInstalled");

        // Nothing exported carries a secret: every attribute, event, status and name of every span (ours, ASP.NET
        // Core's, HttpClient's, Npgsql's), every metric tag, and the Prometheus scrape.
        var scrape = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("wix_auth_token_requests", scrape, StringComparison.Ordinal);
        var exported = activities.SelectMany(Exported)
            .Concat(fixture.Metrics.SelectMany(m => PointsOf(m).SelectMany(EnumerateTags).Append(m.Name)))
            .Append(scrape)
            .ToList();
        Assert.True(fixture.Secrets.Count >= 8, $"only {fixture.Secrets.Count} secrets registered");
        Assert.Empty(fixture.Secrets.FindLeaks(exported));
    }

    [Fact]
    public async Task The_metrics_endpoint_needs_an_api_key()
    {
        using var anonymous = fixture.CreateClient();
        using var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("wix_auth", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Outside Development (the fixture's environment) a key of the right length but the wrong bytes is refused too,
        // and the configured key opens it.
        var wrong = new string('A', fixture.ApiKey.Length);
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative)) { Headers = { Authorization = new("Bearer", wrong) } };
        using var refused = await anonymous.SendAsync(wrongRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var withKey = fixture.CreateClient(withApiKey: true);
        using var scraped = await withKey.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
    }

    [Fact]
    public void Without_an_exporter_configured_the_server_registers_no_sdk_and_with_otlp_it_does()
    {
        static (bool Traces, bool Metrics) Registered(Dictionary<string, string?> settings)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddServerTelemetry();
            using var provider = builder.Services.BuildServiceProvider();
            return (provider.GetService<TracerProvider>() is not null, provider.GetService<MeterProvider>() is not null);
        }

        Assert.Equal((false, false), Registered([]));
        Assert.Equal((true, true), Registered(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318" }));
        Assert.Equal((false, true), Registered(new() { ["WixAuth:Telemetry:PrometheusEndpoint"] = "true" }));
    }

    private async Task<string?> StoredRefreshTokenAsync(string instanceId)
    {
        var ciphertext = await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId));
        var refreshToken = fixture.Services.GetRequiredService<RefreshTokenProtector>().TryUnprotect(instanceId, ciphertext!);
        Assert.False(string.IsNullOrEmpty(refreshToken));
        return refreshToken;
    }

    private async Task WaitForNotificationsAsync()
    {
        for (var i = 0; i < 300 && !fixture.Receiver.Deliveries.Any(d => d.Body.Contains("installation.installed", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(fixture.Receiver.Deliveries, d => d.Body.Contains("installation.installed", StringComparison.Ordinal));
    }

    private static string? Instance(Activity activity) => activity.GetTagItem("wix.instance_id") as string;

    private static IEnumerable<string> Exported(Activity activity) =>
        activity.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat(activity.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Append(e.Name)))
            .Concat(activity.Baggage.Select(b => $"{b.Key}={b.Value}"))
            .Append(activity.DisplayName)
            .Append(activity.StatusDescription ?? string.Empty);

    private static List<MetricPoint> Points(IEnumerable<Metric> metrics, string name) =>
        metrics.Where(m => m.Name == name).SelectMany(PointsOf).ToList();

    private static List<MetricPoint> PointsOf(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static IEnumerable<string> EnumerateTags(MetricPoint point)
    {
        var tags = new List<string>();
        foreach (var tag in point.Tags)
        {
            tags.Add($"{tag.Key}={tag.Value}");
        }

        return tags;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
