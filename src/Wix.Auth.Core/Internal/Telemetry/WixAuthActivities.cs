using System.Diagnostics;

namespace Wix.Auth.Internal.Telemetry;

/// <summary>
/// The spans of token acquisition. Attributes carry the instance ID, the grant and Wix's request ID — never a token,
/// code or secret. With no listener, <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null
/// and costs next to nothing; it is never called on the cached path.
/// </summary>
internal static class WixAuthActivities
{
    public const string AcquireToken = "wix_auth.token.acquire";
    public const string TokenRequest = "wix_auth.token.request";
    public const string InstanceIdAttribute = "wix.instance_id";
    public const string GrantAttribute = "wix.grant";
    public const string RequestIdAttribute = "wix.request_id";
    public const string OutcomeAttribute = "wix.outcome";

    public static readonly ActivitySource Source = new(WixAuthTelemetry.ActivitySourceName);
}
