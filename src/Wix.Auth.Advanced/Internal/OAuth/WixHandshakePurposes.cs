namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>Data Protection purposes and property keys of the handshake (feature + name + version).</summary>
internal static class WixHandshakePurposes
{
    /// <summary>The signed onboarding ticket that brings the browser back to finish with close-window.</summary>
    public const string OnboardingTicket = "Wix.Auth.Handshake.OnboardingTicket.v1";

    /// <summary>The cookie that binds an onboarding ticket to the browser that started the install, and carries its access token.</summary>
    public const string OnboardingBinding = "Wix.Auth.Handshake.OnboardingBinding.v1";

    /// <summary>The state item holding when the handshake started (round-trip format, UTC).</summary>
    public const string IssuedAtItem = "wix.issued";

    /// <summary>Prefix of a ticket's single-use claim in the redeemed-codes table, so it can never equal a code hash.</summary>
    public const string TicketClaimPrefix = "wix-onboarding-ticket:";
}
