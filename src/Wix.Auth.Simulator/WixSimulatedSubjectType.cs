namespace Wix.Auth.Simulator;

/// <summary>Who a simulated site token represents (Token Info's <c>subjectType</c>).</summary>
public enum WixSimulatedSubjectType
{
    /// <summary>A Wix user on the site's dashboard (<c>USER</c>), as <c>dashboard.auth()</c> hands to a dashboard page.</summary>
    User,

    /// <summary>A logged-in site member (<c>MEMBER</c>).</summary>
    Member,

    /// <summary>An anonymous site visitor (<c>VISITOR</c>).</summary>
    Visitor,
}
