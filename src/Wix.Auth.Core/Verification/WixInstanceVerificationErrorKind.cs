namespace Wix.Auth;

/// <summary>Why a signed <c>instance</c> value was refused.</summary>
public enum WixInstanceVerificationErrorKind
{
    /// <summary>Not <c>&lt;signature&gt;.&lt;data&gt;</c> with base64 parts and a JSON object naming an instance (HTTP 400).</summary>
    Malformed,

    /// <summary>The HMAC-SHA256 signature does not match the data under the app secret.</summary>
    Tampered,

    /// <summary>Correctly signed but for another app: <c>appDefId</c> is missing or is not the configured app ID.</summary>
    ForeignApp,

    /// <summary>Older than the configured maximum age, or dated in the future beyond the clock skew.</summary>
    Expired,
}
