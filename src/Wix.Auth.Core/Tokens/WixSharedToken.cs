namespace Wix.Auth;

/// <summary>An access token as the shared (second-level) token cache holds it.</summary>
/// <param name="Token">The token, with the installation generation it was issued under.</param>
/// <param name="RefreshAt">
/// Its expiry minus the skew, as computed by the process that asked Wix: no process serves it from then on, whatever
/// its own clock of the token's remaining life would say.
/// </param>
public sealed record WixSharedToken(WixAccessToken Token, DateTimeOffset RefreshAt)
{
    /// <summary>
    /// When a token acquired at <paramref name="now"/> must be replaced: <paramref name="maxSkew"/> before its expiry
    /// (<see cref="WixAuthOptions.TokenExpirySkew"/>, 5 minutes of a 4-hour token), but never more than a tenth of its
    /// remaining life before (a 5-minute legacy token keeps 4.5). Null when the token is already expired. The one rule of
    /// every level and every process, so a token shared by one is replaced by all at the same moment.
    /// </summary>
    /// <param name="token">The token just acquired.</param>
    /// <param name="now">The current time.</param>
    /// <param name="maxSkew">The configured skew.</param>
    public static DateTimeOffset? RefreshAtFor(WixAccessToken token, DateTimeOffset now, TimeSpan maxSkew)
    {
        ArgumentNullException.ThrowIfNull(token);
        var lifetime = token.ExpiresAt - now;
        if (lifetime <= TimeSpan.Zero)
        {
            return null;
        }

        return token.ExpiresAt - TimeSpan.FromTicks(Math.Min(maxSkew.Ticks, lifetime.Ticks / 10));
    }
}
