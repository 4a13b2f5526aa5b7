namespace Wix.Auth;

/// <summary>A successful answer of a Wix token endpoint.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token, for the <c>authorization_code</c> and <c>refresh_token</c> grants; null when Wix sent none.</param>
/// <param name="ExpiresAt">Absolute expiry: from <c>expires_in</c>, or the configured legacy lifetime when Wix omits it.</param>
public sealed record WixTokenResponse(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)
{
    /// <summary>Describes the response without secrets.</summary>
    public override string ToString() =>
        $"WixTokenResponse {{ AccessToken = [redacted], RefreshToken = {(RefreshToken is null ? "null" : "[redacted]")}, ExpiresAt = {ExpiresAt:O} }}";
}
