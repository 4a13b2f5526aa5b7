namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Every Data Protection purpose string of the library, shaped feature + name + version. Changing one makes every
/// payload protected under it unreadable, so a new format gets a new version rather than an edited string.
/// </summary>
internal static class WixDataProtectionPurposes
{
    /// <summary>Refresh tokens at rest; the instance ID is always added as a sub-purpose to bind the ciphertext to its row.</summary>
    public const string RefreshToken = "Wix.Auth.RefreshToken.v1";

    /// <summary>Access tokens in the shared token cache; the instance ID is added as a sub-purpose, as for refresh tokens.</summary>
    public const string SharedAccessToken = "Wix.Auth.SharedAccessToken.v1";
}
