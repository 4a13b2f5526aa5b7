namespace Wix.Auth;

/// <summary>Why a webhook was refused. Everything but <see cref="Malformed"/> is an authentication failure (HTTP 401).</summary>
public enum WixWebhookVerificationErrorKind
{
    /// <summary>Not a well-formed Wix webhook: not a compact JWS, too large, or its nested JSON layers are wrong (HTTP 400).</summary>
    Malformed,

    /// <summary>The RS256 signature does not verify with any configured public key.</summary>
    InvalidSignature,

    /// <summary>The header names an algorithm other than RS256 (including <c>none</c>) or uses critical extensions.</summary>
    UnsupportedAlgorithm,

    /// <summary>Past its <c>exp</c> by more than the clock skew, or without <c>exp</c> while one is required.</summary>
    Expired,

    /// <summary>Its <c>nbf</c> or <c>iat</c> lies in the future by more than the clock skew.</summary>
    NotYetValid,
}
