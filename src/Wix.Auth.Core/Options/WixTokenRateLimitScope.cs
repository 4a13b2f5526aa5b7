namespace Wix.Auth;

/// <summary>
/// What one 429 with <c>Retry-After</c> from a Wix token endpoint holds back (<see cref="WixAuthOptions.RateLimitScope"/>).
/// </summary>
public enum WixTokenRateLimitScope
{
    /// <summary>Every token request of the process waits for the moment Wix named: the safe choice while it is not
    /// known whether Wix counts token requests per app or per instance.</summary>
    App = 0,

    /// <summary>Only the token requests of the instance that was refused wait (Wix documents API limits per instance;
    /// whether its token endpoints count toward them is unconfirmed). A request whose instance is not known (a code
    /// exchange) waits for no instance and holds back none.</summary>
    Instance = 1,
}
