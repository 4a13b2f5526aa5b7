namespace Wix.Auth;

/// <summary>The verified content of Wix's signed <c>instance</c> query parameter. Absent fields are null.</summary>
public sealed record WixSignedInstance
{
    /// <summary>The app instance (one app on one site).</summary>
    public required string InstanceId { get; init; }

    /// <summary>The app the value was signed for.</summary>
    public string? AppDefId { get; init; }

    /// <summary>When Wix signed the value.</summary>
    public DateTimeOffset? SignDate { get; init; }

    /// <summary>The logged-in Wix user or site member.</summary>
    public string? Uid { get; init; }

    /// <summary>E.g. <c>OWNER</c> for the site owner or a collaborator.</summary>
    public string? Permissions { get; init; }

    /// <summary>The Wix user ID of the site's owner.</summary>
    public string? SiteOwnerId { get; init; }

    /// <summary>The site member the value was signed for, when a member is logged in.</summary>
    public string? SiteMemberId { get; init; }

    /// <summary>The purchased plan; null for a free app.</summary>
    public string? VendorProductId { get; init; }

    /// <summary>The instance this site was cloned from.</summary>
    public string? OriginInstanceId { get; init; }

    /// <summary>An anonymous visitor's ID. Present means the caller is not the owner or a collaborator.</summary>
    public string? Aid { get; init; }

    /// <summary>The Wix account of the logged-in user, when there is one.</summary>
    public string? LoginAccountId { get; init; }

    /// <summary>True when the site is opened in Wix's demo mode (a template preview, not a real site).</summary>
    public bool DemoMode { get; init; }

    /// <summary>Wix's <c>expirationDate</c>, as sent. Its meaning is undocumented, so it is not enforced; see <see cref="WixInstanceVerificationOptions.MaxAge"/>.</summary>
    public DateTimeOffset? ExpirationDate { get; init; }

    /// <summary>
    /// True only when the caller is the site owner or a collaborator: no anonymous <c>aid</c> and
    /// <c>permissions</c> is <c>OWNER</c>. Gate dashboard and owner actions on this.
    /// </summary>
    public bool IsOwnerOrCollaborator =>
        Aid is null && string.Equals(Permissions, "OWNER", StringComparison.OrdinalIgnoreCase);
}
