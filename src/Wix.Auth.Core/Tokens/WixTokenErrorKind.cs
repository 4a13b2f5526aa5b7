namespace Wix.Auth;

/// <summary>How a token-endpoint failure should be handled by the caller.</summary>
public enum WixTokenErrorKind
{
    /// <summary>The grant (code or refresh token) is invalid, expired, used or revoked. Never retried.</summary>
    InvalidGrant,

    /// <summary>The app ID or secret was rejected. Never retried; a configuration problem.</summary>
    InvalidClient,

    /// <summary>Wix rejected the request for another client-side reason (4xx), e.g. an unknown instance.</summary>
    InvalidRequest,

    /// <summary>429, 5xx, a timeout or a network failure, after the retries were spent. Worth retrying later.</summary>
    Transient,

    /// <summary>Wix answered something that breaks the protocol (e.g. a 200 without <c>access_token</c>).</summary>
    Protocol,
}
