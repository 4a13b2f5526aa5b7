using System.Diagnostics;

namespace Wix.Auth.Advanced.Internal.Telemetry;

/// <summary>
/// Spans of the advanced strategy and the install handshake, on the activity source <see cref="WixAuthTelemetry.ActivitySourceName"/>.
/// Attributes carry the instance ID and fixed words (step outcomes) — never a code, state, token or secret. With no
/// listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs next to nothing.
/// </summary>
internal static class WixAdvancedActivities
{
    public const string RefreshLease = "wix_auth.refresh.lease";
    public const string HandshakeInstall = "wix_auth.handshake.install";
    public const string HandshakeCallback = "wix_auth.handshake.callback";
    public const string HandshakeExchangeCode = "wix_auth.handshake.exchange_code";
    public const string HandshakeVerifyInstance = "wix_auth.handshake.verify_instance";
    public const string HandshakePersist = "wix_auth.handshake.persist";

    public const string InstanceIdAttribute = "wix.instance_id";
    public const string OutcomeAttribute = "wix.outcome";

    public static readonly ActivitySource Source = new(WixAuthTelemetry.ActivitySourceName);

    /// <summary>A span about one instance (a handshake step is a child of the callback's span).</summary>
    public static Activity? Start(string name, string instanceId)
    {
        var activity = Source.StartActivity(name);
        activity?.SetTag(InstanceIdAttribute, instanceId);
        return activity;
    }
}
