namespace Wix.Auth;

/// <summary>An access token for one app instance, with its absolute expiry and the strategy that produced it.</summary>
/// <param name="InstanceId">The app instance the token is for.</param>
/// <param name="AccessToken">The raw token, sent as <c>Authorization: &lt;token&gt;</c> (no scheme) to Wix APIs.</param>
/// <param name="ExpiresAt">When Wix stops accepting the token.</param>
/// <param name="Strategy">One of <see cref="WixAuthStrategyNames"/>.</param>
public sealed record WixAccessToken(string InstanceId, string AccessToken, DateTimeOffset ExpiresAt, string Strategy)
{
    /// <summary>Describes the token without its value, so a token never reaches a log by accident.</summary>
    public override string ToString() =>
        $"WixAccessToken {{ InstanceId = {InstanceId}, AccessToken = [redacted], ExpiresAt = {ExpiresAt:O}, Strategy = {Strategy} }}";
}
