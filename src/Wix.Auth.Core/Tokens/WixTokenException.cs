namespace Wix.Auth;

/// <summary>
/// A Wix token endpoint refused a request or could not be reached.
/// Carries what is needed to diagnose it with Wix support, and never a secret, code or token.
/// </summary>
public sealed class WixTokenException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WixTokenException()
        : this(WixTokenErrorKind.Protocol, "The Wix token request failed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public WixTokenException(string message)
        : this(WixTokenErrorKind.Protocol, message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public WixTokenException(string message, Exception innerException)
        : this(WixTokenErrorKind.Protocol, message, innerException: innerException)
    {
    }

    /// <summary>Creates the exception with what the caller knows of the failure.</summary>
    public WixTokenException(
        WixTokenErrorKind kind,
        string message,
        int? statusCode = null,
        string? error = null,
        string? errorDescription = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>How to treat the failure.</summary>
    public WixTokenErrorKind Kind { get; }

    /// <summary>The HTTP status Wix answered with; null when no answer arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>The OAuth <c>error</c> code (RFC 6749 §5.2), when Wix sent one.</summary>
    public string? Error { get; }

    /// <summary>The OAuth <c>error_description</c>, or Wix's <c>message</c>.</summary>
    public string? ErrorDescription { get; }

    /// <summary>The <c>x-wix-request-id</c> header of the failed response.</summary>
    public string? RequestId { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when trying again later may succeed.</summary>
    public bool IsTransient => Kind == WixTokenErrorKind.Transient;
}
