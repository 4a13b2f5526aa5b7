using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Internal.Telemetry;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// Binds an install to the instance Wix issued the code for. The callback's <c>instanceId</c> is plain text the browser
/// can change: an attacker who installs on their own site and swaps in a victim's instance ID would otherwise have their
/// refresh token stored under the victim's instance (issue #10). Token Info, asked about the access token the code was
/// just exchanged for, is the only party that can say which instance that token belongs to (wix-protocol.md §4, §16:
/// the SDK's elevation makes the same check). Fails closed: when Token Info cannot answer, nothing is stored.
/// </summary>
internal sealed class InstanceBinding(IWixTokenClient tokenClient, IOptions<WixAuthOptions> wix, ILogger<InstanceBinding> logger)
{
    /// <summary>Null when the access token belongs to <paramref name="claimedInstanceId"/> and our app; otherwise why not.</summary>
    public async Task<HandshakeOutcome?> VerifyAsync(string claimedInstanceId, string accessToken, CancellationToken cancellationToken)
    {
        using var activity = WixAdvancedActivities.Start(WixAdvancedActivities.HandshakeVerifyInstance, claimedInstanceId);
        WixTokenInfo info;
        try
        {
            info = await tokenClient.GetTokenInfoAsync(accessToken, cancellationToken).ConfigureAwait(false);
        }
        catch (WixTokenException ex)
        {
            AdvancedLog.InstanceUnverified(logger, claimedInstanceId, ex.Kind, ex.StatusCode);
            return HandshakeOutcome.InstanceUnverified;
        }

        // A client ID is not always present (wix-protocol.md §4); when it is, it must be ours.
        var otherApp = !string.IsNullOrEmpty(info.ClientId) && !SameId(info.ClientId, wix.Value.AppId);
        if (!SameId(info.InstanceId, claimedInstanceId) || otherApp)
        {
            AdvancedLog.InstanceMismatch(logger, claimedInstanceId, info.InstanceId, otherApp);
            return HandshakeOutcome.InstanceMismatch;
        }

        if (!info.Active)
        {
            // A token issued a moment ago that Wix calls inactive proves nothing either way: fail closed, retryable.
            AdvancedLog.InstanceUnverified(logger, claimedInstanceId, WixTokenErrorKind.Protocol, 200);
            return HandshakeOutcome.InstanceUnverified;
        }

        return null;
    }

    // Instance and app IDs are GUIDs; Wix's spelling (case, braces) must not decide a security check.
    private static bool SameId(string? actual, string expected) =>
        Guid.TryParse(actual, out var a) && Guid.TryParse(expected, out var e) && a == e;
}
