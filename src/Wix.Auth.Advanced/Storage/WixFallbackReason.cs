namespace Wix.Auth.Advanced;

/// <summary>Why an instance gets its tokens from client credentials instead of a refresh token.</summary>
public enum WixFallbackReason
{
    /// <summary>No refresh token was ever stored (cloned site, webhook-only install, failed save, migrated instance).</summary>
    Missing,

    /// <summary>Wix rejected the refresh token (<c>invalid_grant</c>, e.g. after uninstall and reinstall).</summary>
    Revoked,

    /// <summary>The stored ciphertext could not be decrypted (its key was lost or revoked).</summary>
    Undecryptable,

    /// <summary>
    /// Wix refused the refresh token permanently with something other than <c>invalid_grant</c> (<c>invalid_client</c>,
    /// a 400 without an error code): the token is kept and tried again after a cooldown.
    /// </summary>
    Refused,

    /// <summary>
    /// Wix answered <c>invalid_grant</c> while many installations were refused at once (an incident at Wix or a
    /// misconfiguration): the token is kept, not quarantined, and tried again later.
    /// </summary>
    Incident,

    /// <summary>
    /// The install handshake recorded the installation before redeeming its authorization code and did not complete:
    /// the exchange is in flight, or the process stopped, Wix's answer was lost or the exchange failed (the error code
    /// says which; <c>exchange_pending</c> after a crash). Wix redirected the owner with a code, so the app is installed;
    /// tokens come from client credentials until a later install stores a refresh token.
    /// </summary>
    Installing,
}
