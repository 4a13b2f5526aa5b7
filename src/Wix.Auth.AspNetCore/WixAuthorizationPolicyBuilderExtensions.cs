using Microsoft.AspNetCore.Authorization;
using Wix.Auth.AspNetCore.Internal;

namespace Wix.Auth.AspNetCore;

/// <summary>Policies over Wix identities, e.g. "a Wix user of this instance".</summary>
public static class WixAuthorizationPolicyBuilderExtensions
{
    /// <summary>Requires a principal of the Wix access-token scheme whose subject is one of <paramref name="subjectTypes"/>.</summary>
    public static AuthorizationPolicyBuilder RequireWixSubjectType(this AuthorizationPolicyBuilder builder, params WixSubjectType[] subjectTypes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(subjectTypes);
        if (subjectTypes.Length == 0)
        {
            throw new ArgumentException("Name at least one subject type.", nameof(subjectTypes));
        }

        return builder
            .AddAuthenticationSchemes(WixAccessTokenDefaults.AuthenticationScheme)
            .RequireClaim(WixClaimTypes.InstanceId)
            .RequireClaim(WixClaimTypes.SubjectType, subjectTypes.Select(WixClaimValues.SubjectType));
    }
}
