namespace Wix.Auth;

/// <summary>How signed <c>instance</c> values are checked. Bound from configuration section <c>Wix:Instance</c>.</summary>
public sealed class WixInstanceVerificationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Wix:Instance";

    /// <summary>
    /// Oldest accepted <c>signDate</c>. Default 4 hours: Wix signs the value each time it opens the app, and its own
    /// sample values carry an <c>expirationDate</c> 4 hours after <c>signDate</c>. Null disables the check
    /// (then a captured value stays valid for ever). When set, a value without <c>signDate</c> is refused.
    /// </summary>
    public TimeSpan? MaxAge { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Tolerance for the age check and for a <c>signDate</c> in the future. Default 30 s, at most 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether <c>appDefId</c> must equal <c>Wix:AppId</c>. Default true.</summary>
    public bool RequireMatchingAppId { get; set; } = true;
}
