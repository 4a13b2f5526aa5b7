namespace Wix.Auth.Advanced;

/// <summary>
/// The app was removed from the site: no token is issued for it. A host answers 404 (or 410); it stops when the app is
/// installed again.
/// </summary>
public sealed class WixInstallationRemovedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WixInstallationRemovedException()
        : base("The app is not installed on this site.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public WixInstallationRemovedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public WixInstallationRemovedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="instanceId"/>.</summary>
    public static WixInstallationRemovedException For(string instanceId) =>
        new($"The app was removed from instance {instanceId}; no token is issued until it is installed again.") { InstanceId = instanceId };

    /// <summary>The instance the app was removed from.</summary>
    public string? InstanceId { get; private init; }
}
