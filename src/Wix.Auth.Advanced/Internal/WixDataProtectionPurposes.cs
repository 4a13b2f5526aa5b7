namespace Wix.Auth.Advanced.Internal;

/// <summary>
/// Every Data Protection purpose string of the library, shaped feature + name + version. Changing one makes every
/// payload protected under it unreadable, so a new format gets a new version rather than an edited string.
/// </summary>
internal static class WixDataProtectionPurposes
{
    /// <summary>Refresh tokens at rest; the instance ID is always added as a sub-purpose to bind the ciphertext to its row.</summary>
    public const string RefreshToken = "Wix.Auth.RefreshToken.v1";

    /// <summary>The application name shared by every process, so they all read one key ring regardless of content root.</summary>
    public const string ApplicationName = "Wix.Auth";
}
