namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>Names of the framework's correlation cookie that binds <c>state</c> to the browser (the correlation ID is appended).</summary>
internal static class CorrelationCookies
{
    /// <summary>Over https: the <c>__Host-</c> prefix makes the browser refuse a cookie set by another host or without Secure.</summary>
    public const string SecureName = "__Host-Wix.Auth.Correlation.";

    /// <summary>Over plain http (loopback only), where a <c>__Host-</c> cookie cannot exist.</summary>
    public const string PlainName = ".Wix.Auth.Correlation.";
}
