using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the server: Wix.Auth's own meter and activity source, ASP.NET Core, HttpClient and Npgsql.
/// Nothing leaves the process unless asked for: OTLP only when the standard <c>OTEL_EXPORTER_OTLP_*</c> variables
/// name an endpoint, Prometheus only when <c>WixAuth:Telemetry:PrometheusEndpoint</c> is true; with neither, the SDK is
/// not even registered.
/// </summary>
internal static class ServerTelemetry
{
    public const string ServiceName = "wix-auth";
    public const string PrometheusPath = "/metrics";

    public static void AddServerTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton<HostMetrics>();
        var otlp = OtlpConfigured(configuration);
        var prometheus = PrometheusEnabled(configuration);
        if (!otlp && !prometheus)
        {
            // Nothing would leave the process, so no SDK listens: every instrument and span then costs a flag read
            // (the SDK alone, exporting nowhere, would still build and sample a span per request and aggregate metrics).
            return;
        }

        var telemetry = builder.Services.AddServerOpenTelemetry(tracing: otlp);
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        if (prometheus)
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }
    }

    /// <summary>
    /// The SDK with what the server measures: Wix.Auth's meter and activity source, ASP.NET Core, HttpClient and Npgsql.
    /// No exporter: the caller adds one (OTLP, Prometheus, or a test's in-memory exporter).
    /// </summary>
    public static OpenTelemetryBuilder AddServerOpenTelemetry(this IServiceCollection services, bool tracing)
    {
        var telemetry = services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES still win: the SDK reads them on top of this default.
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(WixAuthTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation());
        if (tracing)
        {
            telemetry.WithTracing(t => t
                .AddSource(WixAuthTelemetry.ActivitySourceName)
                // Query strings are redacted by the instrumentation (the callback's carries the code); we add nothing.
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        }

        return telemetry;
    }

    /// <summary>The scraping endpoint, behind the token API's keys (Prometheus sends one as a bearer credential).</summary>
    public static void MapServerTelemetry(this WebApplication app)
    {
        if (PrometheusEnabled(app.Configuration))
        {
            // Not a route handler, so the key is checked in the endpoint's own branch rather than by an endpoint filter.
            app.MapPrometheusScrapingEndpoint(PrometheusPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (!context.RequestServices.GetRequiredService<ApiKeyValidator>().IsAuthorized(context.Request))
                {
                    await ApiKeyEndpointFilter.Unauthorized(context).ExecuteAsync(context);
                    return;
                }

                await next(context);
            }), optionsName: null);
        }
    }

    private static bool PrometheusEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>($"{WixAuthHostOptions.SectionName}:{nameof(WixAuthHostOptions.Telemetry)}:{nameof(WixTelemetryOptions.PrometheusEndpoint)}");

    private static bool OtlpConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
        || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]);
}
