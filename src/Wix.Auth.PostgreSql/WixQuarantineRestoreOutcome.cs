namespace Wix.Auth.PostgreSql;

/// <summary>What trying to restore one quarantined refresh token did.</summary>
public enum WixQuarantineRestoreOutcome
{
    /// <summary>Wix accepted the token again; it (or the token Wix rotated it to) is the installation's refresh token again.</summary>
    Restored,

    /// <summary>Wix still refuses it (<c>invalid_grant</c>); it stays in quarantine until the retention purges it.</summary>
    StillRefused,

    /// <summary>Wix could not be reached or failed; it stays in quarantine, try again later.</summary>
    WixUnavailable,

    /// <summary>
    /// Wix accepted it, but the installation meanwhile got a new refresh token (a new install) or was removed: the newer
    /// state wins and the quarantined token is dropped.
    /// </summary>
    Superseded,

    /// <summary>Its ciphertext can no longer be decrypted (key lost or revoked); it stays until the retention purges it.</summary>
    Undecryptable,

    /// <summary>Nothing is quarantined for this instance.</summary>
    NotFound,
}
