namespace Wix.Auth.Advanced;

/// <summary>An installation reached a new generation (it was removed or installed again) or was first recorded.</summary>
/// <param name="InstanceId">The instance whose installation changed.</param>
/// <param name="Generation">Its generation after the change (<see cref="WixInstallation.Generation"/>).</param>
public sealed record WixInstallationChange(string InstanceId, long Generation);
