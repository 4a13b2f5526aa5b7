using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// The signed one-time ticket the external onboarding page hands back, so the handshake can finish with close-window.
/// Protected with Data Protection (tamper-proof, opaque), time-limited by our clock, single-use through the store's
/// claim table (shared by every process).
/// </summary>
internal sealed class OnboardingTickets(
    IDataProtectionProvider dataProtection,
    IWixInstallationStore store,
    TimeProvider timeProvider,
    IOptionsMonitor<WixOAuthOptions> options)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector(WixHandshakePurposes.OnboardingTicket);

    public Task<string> IssueAsync(string instanceId)
    {
        var expiresAt = timeProvider.GetUtcNow() + options.Get(WixOAuthDefaults.AuthenticationScheme).OnboardingTicketLifetime;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var payload = string.Join('\n', instanceId, id, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return Task.FromResult(Base64Url(_protector.Protect(Encoding.UTF8.GetBytes(payload))));
    }

    /// <summary>The instance the ticket was issued for, or null when it is forged, expired or already used.</summary>
    public async Task<string?> RedeemAsync(string? ticket, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 2048)
        {
            return null;
        }

        string[] parts;
        try
        {
            var bytes = _protector.Unprotect(FromBase64Url(ticket));
            parts = Encoding.UTF8.GetString(bytes).Split('\n');
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }

        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || timeProvider.GetUtcNow() > DateTimeOffset.FromUnixTimeSeconds(expires))
        {
            return null;
        }

        var claim = SHA256.HashData(Encoding.UTF8.GetBytes(WixHandshakePurposes.TicketClaimPrefix + parts[1]));
        return await store.TryClaimAuthorizationCodeAsync(parts[0], claim, cancellationToken).ConfigureAwait(false) ? parts[0] : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
