namespace Wix.Auth.Advanced;

/// <summary>Whether the app is on the site.</summary>
public enum WixInstallationStatus
{
    Installed,
    Removed,
}
