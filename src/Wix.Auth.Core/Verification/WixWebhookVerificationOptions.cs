namespace Wix.Auth;

/// <summary>How webhook JWTs are checked. Bound from configuration section <c>Wix:Webhooks</c>; the key itself is <c>Wix:PublicKey</c>.</summary>
public sealed class WixWebhookVerificationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Wix:Webhooks";

    /// <summary>Largest accepted clock skew.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c>. Default 30 s, at most 60 s
    /// (the IdentityModel default of 5 minutes keeps a captured webhook replayable for too long).
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a token without <c>exp</c> is refused. Default true (Wix's SDK enforces <c>exp</c>).</summary>
    public bool RequireExpirationTime { get; set; } = true;

    /// <summary>Largest accepted body, in bytes, checked before any cryptography. Default 64 KiB, at most 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Further public keys (PEM or base64 of the PEM) accepted besides <c>Wix:PublicKey</c>, for a key rollover:
    /// configure old and new together, then remove the old one.
    /// </summary>
    public IList<string> AdditionalPublicKeys { get; } = [];
}
