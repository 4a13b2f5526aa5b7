namespace Wix.Auth;

/// <summary>How incoming access tokens are verified. Bound from configuration section <c>Wix:AccessTokens</c>.</summary>
public sealed class WixAccessTokenVerificationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Wix:AccessTokens";

    /// <summary>The longest cache time a verification may have; Wix revokes tokens on uninstall, so this bounds staleness.</summary>
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a successful verification is reused (never past the token's expiry). Default and maximum 60 s:
    /// a token revoked at Wix (uninstall) is still accepted for at most this long. Zero asks Wix every time.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = MaxCacheDuration;

    /// <summary>How many verified tokens are kept; when full, expired ones are dropped and new ones are not cached.</summary>
    public int CacheSize { get; set; } = 10_000;

    /// <summary>Longest token accepted, in characters; anything longer is refused without asking Wix.</summary>
    public int MaxTokenLength { get; set; } = 8 * 1024;
}
