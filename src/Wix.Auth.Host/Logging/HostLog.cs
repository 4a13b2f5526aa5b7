namespace Wix.Auth.Host.Logging;

/// <summary>
/// Log events of the server (IDs 5000–5099). Instance IDs are identifiers, not secrets; a token, code, key, JWT or
/// signed <c>instance</c> value never appears here, not even in an exception message (exceptions are logged by type).
/// </summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Webhook {EventType} for instance {InstanceId} recorded ({Outcome})")]
    public static partial void WebhookRecorded(ILogger logger, string eventType, string? instanceId, string outcome);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Webhook of unhandled type {EventType} for instance {InstanceId} acknowledged")]
    public static partial void WebhookUnhandledType(ILogger logger, string eventType, string? instanceId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Security: webhook rejected: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Webhook body over the limit of {MaxBytes} bytes rejected")]
    public static partial void WebhookTooLarge(ILogger logger, int maxBytes);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Webhook {EventType} for instance {InstanceId} could not be recorded ({ErrorType}); answering 503 so Wix re-delivers")]
    public static partial void WebhookNotRecorded(ILogger logger, string eventType, string? instanceId, string errorType);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Token API: Wix could not be reached for instance {InstanceId} ({Kind}, status {StatusCode}, request id {RequestId})")]
    public static partial void TokenTransientFailure(ILogger logger, string instanceId, string kind, int? statusCode, string? requestId);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Token API: Wix refused a token for instance {InstanceId} ({Kind}, error {Error}, status {StatusCode}, request id {RequestId})")]
    public static partial void TokenRefused(ILogger logger, string instanceId, string kind, string? error, int? statusCode, string? requestId);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Security: request to {Path} without a valid API key from {RemoteIp}")]
    public static partial void ApiKeyRejected(ILogger logger, string path, string? remoteIp);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "Security: WixAuth:Operator:AllowAnonymous is set: the operator view is open without an API key. For local runs only.")]
    public static partial void OperatorViewAnonymous(ILogger logger);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "APP_FINISHED_CONFIGURATION sent for instance {InstanceId}")]
    public static partial void FinishSetupSent(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "APP_FINISHED_CONFIGURATION for instance {InstanceId} failed with status {StatusCode}")]
    public static partial void FinishSetupFailed(ILogger logger, string instanceId, int statusCode);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning, Message = "Dashboard opened with an invalid signed instance ({Reason})")]
    public static partial void DashboardInstanceRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 5040, Level = LogLevel.Error, Message = "Unhandled {ErrorType} on {Path}")]
    public static partial void Unhandled(ILogger logger, string errorType, string path);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Warning, Message = "Readiness check failed: {Reason}")]
    public static partial void NotReady(ILogger logger, string reason);

    [LoggerMessage(EventId = 5060, Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    public static partial void RequestFinished(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "Automatic APP_FINISHED_CONFIGURATION for instance {InstanceId} failed ({ErrorType}); the app can send it through the finish-setup endpoint")]
    public static partial void AutomaticFinishSetupFailed(ILogger logger, string instanceId, string errorType);

    [LoggerMessage(EventId = 5050, Level = LogLevel.Error, Message = "Database unreachable ({ErrorType}): installation status is served from memory for up to {StaleIfError} after its last read; instances never read before get 503")]
    public static partial void StoreUnreachable(ILogger logger, string errorType, TimeSpan staleIfError);

    [LoggerMessage(EventId = 5051, Level = LogLevel.Warning, Message = "Database reachable again after an outage of {Duration}")]
    public static partial void StoreReachableAgain(ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 5080, Level = LogLevel.Information, Message = "Webhook {EventType} for instance {InstanceId} accepted after its token expired at {ExpiredAt}: a re-delivery within Wix:Webhooks:RedeliveryWindow, recorded once by its event ID ({Outcome})")]
    public static partial void WebhookLateRedelivery(ILogger logger, string eventType, string? instanceId, DateTimeOffset? expiredAt, string outcome);

    [LoggerMessage(EventId = 5081, Level = LogLevel.Warning, Message = "Webhook refused as expired: {Detail} Wix stops re-delivering after about two days; if this was a real event, reconcile the instance from Wix")]
    public static partial void WebhookExpiredBeyondWindow(ILogger logger, string detail);
}
