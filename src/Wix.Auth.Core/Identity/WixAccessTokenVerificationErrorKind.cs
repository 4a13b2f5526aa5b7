namespace Wix.Auth;

/// <summary>Why an access token was not accepted.</summary>
public enum WixAccessTokenVerificationErrorKind
{
    /// <summary>Empty, too long or not a token at all (HTTP 400 for an API, 401 for a scheme).</summary>
    Malformed,

    /// <summary>Wix says the token is not active: expired, revoked (e.g. the app was uninstalled) or unknown.</summary>
    Inactive,

    /// <summary>Active, but issued for another app (<c>clientId</c> is not <c>Wix:AppId</c>).</summary>
    ForeignApp,

    /// <summary>Active and ours, but it names no app instance, so there is no tenant to act for.</summary>
    NoInstance,

    /// <summary>Token Info could not be reached or answered nonsense: the answer is unknown, never "active" (HTTP 503).</summary>
    Unavailable,
}
