using System.Buffers.Text;
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
    public string? TryUnprotect(string instanceId, string ciphertext) => TryUnprotect(instanceId, ciphertext, out _);

    /// <summary>As <see cref="TryUnprotect(string, string)"/>; <paramref name="keyRevoked"/> tells a refusal because its key was revoked.</summary>
    public string? TryUnprotect(string instanceId, string ciphertext, out bool keyRevoked)
    {
        keyRevoked = false;
        try
        {
            return For(instanceId).Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            keyRevoked = IsUnderRevokedKey(instanceId, ciphertext);
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether Data Protection refused the payload only because its key is revoked. The revoked key's plaintext is never
    /// used (a revoked key may be in an attacker's hands, who could have written this row): it is wiped at once.
    /// </summary>
    private bool IsUnderRevokedKey(string instanceId, string ciphertext)
    {
        try
        {
            var persisted = (IPersistedDataProtector)For(instanceId);
            var bytes = persisted.DangerousUnprotect(Base64Url.DecodeFromChars(ciphertext), ignoreRevocationErrors: true, out _, out var wasRevoked);
            CryptographicOperations.ZeroMemory(bytes);
            return wasRevoked;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
