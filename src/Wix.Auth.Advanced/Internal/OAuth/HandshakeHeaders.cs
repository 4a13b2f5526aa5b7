using Microsoft.AspNetCore.Http;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>Headers every handshake response carries.</summary>
internal static class HandshakeHeaders
{
    public static void Apply(HttpResponse response)
    {
        // Wix opens the installer in a popup and must be able to close it (wix-protocol.md §3.1).
        response.Headers["Cross-Origin-Opener-Policy"] = "unsafe-none";
        // The callback URL carries code, state and instanceId: keep them out of Referer and caches (RFC 9700 §4.2.4).
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
