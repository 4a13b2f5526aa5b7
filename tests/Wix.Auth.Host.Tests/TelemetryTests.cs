using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>The server with an in-memory OpenTelemetry exporter, as an operator's collector would see it.</summary>
public sealed class TelemetryServerFixture : ServerFixture
{
    public List<Metric> Metrics { get; } = [];

    public List<Activity> Activities { get; } = [];

    protected override void ConfigureServer(WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(Metrics))
            .WithTracing(t => t.AddInMemoryExporter(Activities));
    }

    /// <summary>Exports what has been recorded so far.</summary>
    public void Flush()
    {
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        Services.GetRequiredService<TracerProvider>().ForceFlush();
    }
}

public sealed class TelemetryTests(TelemetryServerFixture fixture) : IClassFixture<TelemetryServerFixture>
{
    [Fact]
    public async Task An_install_a_token_and_a_webhook_export_the_wix_auth_instruments_and_spans_and_no_secret()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
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
            fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
        }

        fixture.Flush();
        var metrics = fixture.Metrics.Where(m => m.MeterName == WixAuthTelemetry.MeterName).ToList();
        var requests = Points(metrics, "wix_auth.token.requests");
        Assert.Contains(requests, p => Tag(p, "grant") == "authorization_code" && Tag(p, "outcome") == "success");
        Assert.Contains(requests, p => Tag(p, "grant") == "client_credentials" && Tag(p, "outcome") == "success");
        Assert.NotEmpty(Points(metrics, "wix_auth.token.request.duration"));
        var lookups = Points(metrics, "wix_auth.token_cache.lookups");
        Assert.Contains(lookups, p => Tag(p, "level") == "memory" && Tag(p, "result") == "hit" && p.GetSumLong() >= 1);
        Assert.Contains(lookups, p => Tag(p, "level") == "memory" && Tag(p, "result") == "miss");
        Assert.Contains(Points(metrics, "wix_auth.webhooks"), p => Tag(p, "event_type") == "AppInstalled");

        // Bounded tags only: no instance ID on any Wix.Auth instrument.
        foreach (var metric in metrics)
        {
            foreach (var point in PointsOf(metric))
            {
                foreach (var tag in point.Tags)
                {
                    Assert.NotEqual(install.InstanceId, tag.Value as string);
                    Assert.NotEqual(ccInstance, tag.Value as string);
                }
            }
        }

        // A snapshot: the in-memory exporter appends to the list from other threads as late spans (a request's own, a
        // background query's) end, and enumerating the live list then throws.
        var activities = fixture.Activities.ToArray();
        var spans = activities.Where(a => a.Source.Name == WixAuthTelemetry.ActivitySourceName).ToList();
        Assert.Contains(spans, a => a.OperationName == "wix_auth.token.acquire" && (string?)a.GetTagItem("wix.instance_id") == ccInstance);
        var wixCall = Assert.Single(spans, a => a.OperationName == "wix_auth.token.request" && (string?)a.GetTagItem("wix.instance_id") == ccInstance);
        Assert.False(string.IsNullOrEmpty(wixCall.GetTagItem("wix.request_id") as string));
        Assert.Contains(spans, a => a.OperationName == "wix_auth.webhook" && (string?)a.GetTagItem("wix.event_type") == "AppInstalled");

        // Nothing exported carries a secret: every attribute of every span (ours, ASP.NET Core's, HttpClient's,
        // Npgsql's), every metric tag.
        var exported = activities.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(a.DisplayName))
            .Concat(fixture.Metrics.SelectMany(m => PointsOf(m).SelectMany(p => EnumerateTags(p))))
            .ToList();
        Assert.NotEmpty(exported);
        Assert.Empty(fixture.Secrets.FindLeaks(exported));
    }

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
