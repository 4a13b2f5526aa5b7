namespace Wix.Auth.AspNetCore.Internal;

/// <summary>The wire spelling of subject types in claims: Token Info's own (<c>USER</c>…), so claims read like Wix's docs.</summary>
internal static class WixClaimValues
{
    public static string SubjectType(WixSubjectType type) => type switch
    {
        WixSubjectType.User => "USER",
        WixSubjectType.Member => "MEMBER",
        WixSubjectType.Visitor => "VISITOR",
        WixSubjectType.App => "APP",
        _ => "UNKNOWN",
    };
}
