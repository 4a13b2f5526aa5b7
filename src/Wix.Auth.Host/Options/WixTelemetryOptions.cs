namespace Wix.Auth.Host.Options;

/// <summary>Telemetry settings (<c>WixAuth:Telemetry</c>); OTLP export is configured by the standard <c>OTEL_*</c> variables.</summary>
internal sealed class WixTelemetryOptions
{
    /// <summary>Serve Prometheus' scraping endpoint at <c>/metrics</c>, behind the token API's keys.</summary>
    public bool PrometheusEndpoint { get; set; }
}
