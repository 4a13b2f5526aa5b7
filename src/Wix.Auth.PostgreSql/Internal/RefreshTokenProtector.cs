using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Encrypts refresh tokens under a purpose bound to the instance ID, so a ciphertext copied onto another
/// installation's row does not decrypt. The plaintext only ever lives in memory.
/// </summary>
internal sealed class RefreshTokenProtector(IDataProtectionProvider provider)
{
    public IDataProtector For(string instanceId) =>
        provider.CreateProtector(WixDataProtectionPurposes.RefreshToken, instanceId);

    public string Protect(string instanceId, string refreshToken) => For(instanceId).Protect(refreshToken);

    /// <summary>Null when the ciphertext cannot be decrypted (unknown, revoked or deleted key, another instance's row, tampering).</summary>
    public string? TryUnprotect(string instanceId, string ciphertext)
    {
        try
        {
            return For(instanceId).Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
