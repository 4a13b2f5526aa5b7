namespace Wix.Auth;

/// <summary>An access token for one app instance, with its absolute expiry and the strategy that produced it.</summary>
/// <param name="InstanceId">The app instance the token is for.</param>
/// <param name="AccessToken">The raw token, sent as <c>Authorization: &lt;token&gt;</c> (no scheme) to Wix APIs.</param>
/// <param name="ExpiresAt">When Wix stops accepting the token.</param>
/// <param name="Strategy">One of <see cref="WixAuthStrategyNames"/>.</param>
public sealed record WixAccessToken(string InstanceId, string AccessToken, DateTimeOffset ExpiresAt, string Strategy)
{
    /// <summary>
    /// The generation of the installation the token was issued under (bumped by the store on every removal and
    /// reinstall); 0 when the strategy does not track installations. The token manager never caches a token of an older
    /// generation than the newest it was told about (<see cref="IWixTokenManager.Invalidate(string, long)"/>), so a token
    /// from before a removal is never served after a reinstall.
    /// </summary>
    public long Generation { get; init; }

    /// <summary>Describes the token without its value, so a token never reaches a log by accident.</summary>
    public override string ToString() =>
        $"WixAccessToken {{ InstanceId = {InstanceId}, AccessToken = [redacted], ExpiresAt = {ExpiresAt:O}, Strategy = {Strategy} }}";
}
