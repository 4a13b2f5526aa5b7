using Microsoft.AspNetCore.Http;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// The one check of a handshake query parameter, used by the App URL endpoint and by the callback handler: a parameter
/// may be absent, but never repeated, longer than <see cref="WixOAuthOptions.MaxParameterLength"/> or carrying control
/// characters (checklist: bad input gets a clear page, never a half-processed request).
/// </summary>
internal static class HandshakeQuery
{
    /// <summary>False when the parameter is malformed; otherwise true, with null for an absent or empty parameter.</summary>
    public static bool TryRead(IQueryCollection query, string name, int maxLength, out string? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { } single || single.Length > maxLength || single.Any(char.IsControl))
        {
            return false;
        }

        value = single.Length == 0 ? null : single;
        return true;
    }
}
