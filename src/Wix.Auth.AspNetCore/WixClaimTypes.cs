namespace Wix.Auth.AspNetCore;

/// <summary>The claims of a principal authenticated by the Wix access-token scheme.</summary>
public static class WixClaimTypes
{
    /// <summary>The app instance (the tenant key).</summary>
    public const string InstanceId = "wix/instance_id";

    /// <summary><c>USER</c>, <c>MEMBER</c>, <c>VISITOR</c>, <c>APP</c> or <c>UNKNOWN</c>.</summary>
    public const string SubjectType = "wix/subject_type";

    /// <summary>The user, member or visitor ID (also the principal's <c>NameIdentifier</c>).</summary>
    public const string SubjectId = "wix/subject_id";

    /// <summary>The site, when Wix named one.</summary>
    public const string SiteId = "wix/site_id";
}
