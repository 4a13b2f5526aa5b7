using Microsoft.AspNetCore.WebUtilities;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>Wix's last step of the handshake: close the installer window (wix-protocol.md §3.2, step 5a).</summary>
internal static class CloseWindow
{
    public static string Url(Uri installerBaseUrl, string accessToken) =>
        QueryHelpers.AddQueryString(new Uri(installerBaseUrl, "/installer/close-window").AbsoluteUri, "access_token", accessToken);
}
