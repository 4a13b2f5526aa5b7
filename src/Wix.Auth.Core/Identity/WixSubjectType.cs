namespace Wix.Auth;

/// <summary>Who a Wix access token represents: Token Info's <c>subjectType</c> (wix-protocol.md §4).</summary>
public enum WixSubjectType
{
    /// <summary>Wix said <c>UNKNOWN</c>, or a value this library does not know.</summary>
    Unknown,

    /// <summary>A Wix user on a dashboard page (the site owner, a collaborator), <c>USER</c>.</summary>
    User,

    /// <summary>A logged-in member of the site, <c>MEMBER</c>.</summary>
    Member,

    /// <summary>An anonymous visitor of the site, <c>VISITOR</c>.</summary>
    Visitor,

    /// <summary>The app itself on one instance, <c>APP</c>.</summary>
    App,
}
