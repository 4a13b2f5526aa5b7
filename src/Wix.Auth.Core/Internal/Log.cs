using Microsoft.Extensions.Logging;

namespace Wix.Auth.Internal;

/// <summary>
/// Every log event of Wix.Auth.Core, with stable IDs (1000-1099 token client, 1100-1199 token manager,
/// 1200-1299 API handler, 1400-1419 shared token cache and generations, 5100-5109 rate limit). Never a token, code or secret: only endpoints, instance IDs, statuses and Wix's request id.
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

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Wix answered the {GrantType} grant with an unusable expires_in ({ExpiresIn}); its refresh token is kept and the access token assumed to live {AssumedLifetime}.")]
    public static partial void ExpiresInOutOfRange(ILogger logger, string grantType, string expiresIn, TimeSpan assumedLifetime);

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

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "The shared token cache failed ({ExceptionType}); tokens come from memory and Wix until it works again (logged once).")]
    public static partial void SharedLevelFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "The shared token cache works again.")]
    public static partial void SharedLevelRecovered(ILogger logger);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Another process has claimed the token of instance {InstanceId} for longer than {MaxWait}; asking Wix directly.")]
    public static partial void SharedClaimWaitExceeded(ILogger logger, string instanceId, TimeSpan maxWait);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "Token of instance {InstanceId} taken from the shared token cache.")]
    public static partial void SharedTokenServed(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Debug, Message = "Token of instance {InstanceId} invalidated: its installation reached generation {Generation}.")]
    public static partial void TokenGenerationInvalidated(ILogger logger, string instanceId, long generation);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "A token of instance {InstanceId} acquired under generation {Generation} was not cached: the installation has reached generation {Current}.")]
    public static partial void StaleGenerationNotCached(ILogger logger, string instanceId, long generation, long current);

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Wix rate-limited a token request: token requests of scope {Scope} wait until {NotBefore:O}.")]
    public static partial void RateLimitNotBefore(ILogger logger, WixTokenRateLimitScope scope, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "A token request was not sent: Wix's rate limit holds it for {Wait}, longer than RateLimitMaxWait {MaxWait}.")]
    public static partial void RateLimitWaitTooLong(ILogger logger, TimeSpan wait, TimeSpan maxWait);
}
