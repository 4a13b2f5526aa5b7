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
}
