using Microsoft.Extensions.Logging;

namespace Wix.Auth.Internal;

/// <summary>
/// Every log event of Wix.Auth.Core, with stable IDs (1000-1099 token client, 1100-1199 token manager,
/// 1200-1299 API handler). Never a token, code or secret: only endpoints, instance IDs, statuses and Wix's request id.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Requesting a Wix token: grant {GrantType} on {Endpoint}.")]
    public static partial void TokenRequestStarting(ILogger logger, string grantType, string endpoint);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Wix token request succeeded: grant {GrantType}, expires at {ExpiresAt:O}.")]
    public static partial void TokenRequestSucceeded(ILogger logger, string grantType, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Wix token request failed: grant {GrantType}, kind {Kind}, status {StatusCode}, error {Error}, request id {RequestId}.")]
    public static partial void TokenRequestFailed(ILogger logger, string grantType, WixTokenErrorKind kind, int? statusCode, string? error, string? requestId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Retrying a Wix token request (attempt {Attempt}) in {Delay} after {Reason}.")]
    public static partial void TokenRequestRetrying(ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "No usable cached token for instance {InstanceId}; acquiring one.")]
    public static partial void TokenCacheMiss(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Acquiring a token for instance {InstanceId} failed; the failure is not cached.")]
    public static partial void TokenAcquisitionFailed(ILogger logger, string instanceId, Exception exception);

    // Wix's answer (invalid_grant, unknown instance, 503) is a protocol outcome, not a bug: no stack trace for it.
    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Wix refused a token for instance {InstanceId}: {Kind} {Error} (HTTP {StatusCode}, request {RequestId}); the failure is not cached.")]
    public static partial void TokenAcquisitionRefused(ILogger logger, string instanceId, WixTokenErrorKind kind, string? error, int? statusCode, string? requestId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Token of instance {InstanceId} invalidated.")]
    public static partial void TokenInvalidated(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Token cache reached its cap of {Capacity}; evicted {Evicted} entries.")]
    public static partial void TokenCacheEvicted(ILogger logger, int capacity, int evicted);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Wix API answered 401 for instance {InstanceId}; invalidating the token and retrying once.")]
    public static partial void ApiUnauthorizedRetrying(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "The Wix token endpoint keeps failing; token requests fail fast for {BreakDuration}.")]
    public static partial void TokenEndpointCircuitOpened(ILogger logger, TimeSpan breakDuration);
}
