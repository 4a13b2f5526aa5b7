using Microsoft.AspNetCore.Http;
using Wix.Auth.AspNetCore.Internal;

namespace Wix.Auth.AspNetCore;

/// <summary>Reads what the Wix access-token scheme verified for the current request.</summary>
public static class WixHttpContextExtensions
{
    /// <summary>The verified identity of this request; null when the scheme has not authenticated it.</summary>
    public static WixIdentity? GetWixIdentity(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<WixVerifiedTokenFeature>()?.Identity;
    }
}
