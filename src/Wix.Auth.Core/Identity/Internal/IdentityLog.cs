using Microsoft.Extensions.Logging;

namespace Wix.Auth.Internal.Identity;

/// <summary>
/// Log events of token verification (1300-1349) and elevation (1350-1399), stable IDs. A token appears only as the
/// first 8 hex digits of its SHA-256, enough to correlate lines, useless to an attacker.
/// </summary>
internal static partial class IdentityLog
{
    /// <summary>The category of the elevation audit events, so operators can route security events on their own.</summary>
    public const string AuditCategory = "Wix.Auth.Security.Elevation";

    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Access token {TokenHash} verified: {SubjectType} of instance {InstanceId}.")]
    public static partial void TokenVerified(ILogger logger, string tokenHash, WixSubjectType subjectType, string instanceId);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Access token {TokenHash} refused: {Kind}.")]
    public static partial void TokenRefused(ILogger logger, string tokenHash, WixAccessTokenVerificationErrorKind kind);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Access token {TokenHash} could not be verified: Token Info is unavailable ({TokenErrorKind}, status {StatusCode}).")]
    public static partial void TokenInfoUnavailable(ILogger logger, string tokenHash, WixTokenErrorKind tokenErrorKind, int? statusCode);

    [LoggerMessage(EventId = 1350, EventName = "WixTokenElevated", Level = LogLevel.Information, Message = "Security: {SubjectType} {SubjectId} elevated to the app token of instance {InstanceId} (identity from {Source}).")]
    public static partial void Elevated(ILogger logger, WixSubjectType subjectType, string? subjectId, string instanceId, WixIdentitySource source);

    [LoggerMessage(EventId = 1351, EventName = "WixTokenElevationDenied", Level = LogLevel.Warning, Message = "Security: elevation of {SubjectType} {SubjectId} on instance {InstanceId} denied by the elevation policy.")]
    public static partial void ElevationDenied(ILogger logger, WixSubjectType subjectType, string? subjectId, string instanceId);
}
