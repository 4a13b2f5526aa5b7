namespace Wix.Auth;

/// <summary>What a <see cref="WixIdentity"/> was verified from.</summary>
public enum WixIdentitySource
{
    /// <summary>A Wix access token, checked with Wix's Token Info.</summary>
    AccessToken,

    /// <summary>Wix's signed <c>instance</c> query parameter, checked locally with the app secret.</summary>
    SignedInstance,
}
