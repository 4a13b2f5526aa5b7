namespace Wix.Auth;

/// <summary>
/// The names an operator subscribes to: <c>AddMeter(WixAuthTelemetry.MeterName)</c> and
/// <c>AddSource(WixAuthTelemetry.ActivitySourceName)</c> in OpenTelemetry. The library never registers an exporter.
/// </summary>
public static class WixAuthTelemetry
{
    /// <summary>The meter every Wix.Auth instrument is on (created through <c>IMeterFactory</c>).</summary>
    public const string MeterName = "Wix.Auth";

    /// <summary>The activity source of every Wix.Auth span.</summary>
    public const string ActivitySourceName = "Wix.Auth";
}
