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

    /// <summary>Largest accepted <see cref="RedeliveryWindow"/>.</summary>
    public static readonly TimeSpan MaxRedeliveryWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// How long after its issue (<c>iat</c>; <c>exp</c> when there is none) an authentic webhook is still accepted once its
    /// <c>exp</c> has passed. Wix re-delivers a webhook that was not acknowledged for about two days (12 retries over
    /// ~47 h, wix-protocol.md §6.1) and may send the token it first signed; refusing it for its <c>exp</c> would lose the
    /// event for good. The signature is always required, and the webhook inbox records each event ID once, so a
    /// re-delivery (or a replay of a captured one) is applied at most once. Default 48 hours, at most 7 days, and below
    /// the inbox retention (<c>WixAuth:Postgres:WebhookEventRetention</c>, 7 days) by more than twice <see cref="ClockSkew"/>,
    /// checked at start by the PostgreSQL store; zero enforces <c>exp</c> strictly.
    /// </summary>
    public TimeSpan RedeliveryWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Largest accepted body, in bytes, checked before any cryptography. Default 64 KiB, at most 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Further public keys (PEM or base64 of the PEM) accepted besides <c>Wix:PublicKey</c>, for a key rollover:
    /// configure old and new together, then remove the old one.
    /// </summary>
    public IList<string> AdditionalPublicKeys { get; } = [];
}
