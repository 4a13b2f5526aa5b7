using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Wix.Auth.Advanced;

/// <summary>
/// The context of <see cref="WixOAuthEvents.OnPersistFailed"/>: Wix redeemed the code for <see cref="InstanceId"/>, but the
/// installation or its refresh token could not be stored.
/// </summary>
public sealed class WixPersistFailedContext : BaseContext<WixOAuthOptions>
{
    /// <summary>Creates the context; the handler does this.</summary>
    public WixPersistFailedContext(HttpContext context, AuthenticationScheme scheme, WixOAuthOptions options, string instanceId, Exception failure)
        : base(context, scheme, options)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(failure);
        InstanceId = instanceId;
        Failure = failure;
    }

    /// <summary>The Wix instance whose installation could not be stored.</summary>
    public string InstanceId { get; }

    /// <summary>
    /// Why: usually <see cref="WixStoreUnavailableException"/>. The handler has already logged it (without any token).
    /// </summary>
    public Exception Failure { get; }
}
