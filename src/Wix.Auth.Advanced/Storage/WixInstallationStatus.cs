namespace Wix.Auth.Advanced;

/// <summary>Whether the app is on the site.</summary>
public enum WixInstallationStatus
{
    /// <summary>The app is installed on the instance: tokens are served.</summary>
    Installed,
    /// <summary>The app was removed (AppRemoved): no token is served until it is installed again.</summary>
    Removed,
}
