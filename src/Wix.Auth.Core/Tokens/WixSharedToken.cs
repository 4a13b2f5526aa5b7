namespace Wix.Auth;

/// <summary>An access token as the shared (second-level) token cache holds it.</summary>
/// <param name="Token">The token, with the installation generation it was issued under.</param>
/// <param name="RefreshAt">
/// Its expiry minus the skew, as computed by the process that asked Wix: no process serves it from then on, whatever
/// its own clock of the token's remaining life would say.
/// </param>
public sealed record WixSharedToken(WixAccessToken Token, DateTimeOffset RefreshAt);
