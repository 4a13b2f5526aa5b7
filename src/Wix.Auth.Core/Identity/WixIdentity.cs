namespace Wix.Auth;

/// <summary>
/// Who is calling and for which app instance, as Wix vouched for it: from a verified access token
/// (<see cref="IWixAccessTokenVerifier"/>) or a verified signed <c>instance</c> (<see cref="FromSignedInstance"/>), so
/// dashboard pages and app code treat both alike. Never built from anything the browser says in plain text.
/// </summary>
public sealed record WixIdentity
{
    /// <summary>The app instance (one app on one site): the tenant key.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Who the token represents.</summary>
    public required WixSubjectType SubjectType { get; init; }

    /// <summary>The user, member or visitor ID (the app ID for <see cref="WixSubjectType.App"/>); null when Wix sent none.</summary>
    public string? SubjectId { get; init; }

    /// <summary>The site; null when Wix sent none (a signed <c>instance</c> does not carry it).</summary>
    public string? SiteId { get; init; }

    /// <summary>When the token or signed value stops being valid; null when Wix sent no expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>What this identity was verified from.</summary>
    public required WixIdentitySource Source { get; init; }

    /// <summary>True for a Wix user on a dashboard page: the site owner or a collaborator.</summary>
    public bool IsWixUser => SubjectType == WixSubjectType.User;

    /// <summary>
    /// The identity a verified signed <c>instance</c> names: a visitor when it carries an anonymous <c>aid</c>, a Wix user
    /// when its permissions are <c>OWNER</c>, a member when it names a site member, otherwise unknown.
    /// </summary>
    public static WixIdentity FromSignedInstance(WixSignedInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var (type, subject) = instance switch
        {
            { Aid: { } aid } => (WixSubjectType.Visitor, aid),
            { IsOwnerOrCollaborator: true } => (WixSubjectType.User, instance.Uid ?? instance.SiteOwnerId),
            { SiteMemberId: { } member } => (WixSubjectType.Member, member),
            _ => (WixSubjectType.Unknown, instance.Uid),
        };
        return new WixIdentity
        {
            InstanceId = instance.InstanceId,
            SubjectType = type,
            SubjectId = subject,
            ExpiresAt = instance.ExpirationDate,
            Source = WixIdentitySource.SignedInstance,
        };
    }
}
