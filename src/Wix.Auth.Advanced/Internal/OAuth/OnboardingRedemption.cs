namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// What redeeming an onboarding ticket gave: the instance it was issued for and, when still fresh, the handshake's access
/// token for close-window; or why it was refused (a short reason for the security log, never the ticket).
/// </summary>
internal sealed record OnboardingRedemption(string? InstanceId, string? ReusableAccessToken, string? RefusalReason)
{
    public static OnboardingRedemption Refused(string reason) => new(null, null, reason);
}
