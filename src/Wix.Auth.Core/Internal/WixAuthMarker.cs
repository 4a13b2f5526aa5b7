namespace Wix.Auth.Internal;

/// <summary>Registered once by <c>AddWixAuth</c>, so a second call does not stack the HTTP pipeline again.</summary>
internal sealed class WixAuthMarker;
