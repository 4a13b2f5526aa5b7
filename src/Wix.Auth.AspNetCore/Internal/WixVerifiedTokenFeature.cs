namespace Wix.Auth.AspNetCore.Internal;

/// <summary>
/// What the scheme verified on this request, kept on the request's features (never in claims, so the token does not
/// travel into cookies or logs of the principal): the forwarding handler reads the token, the app the identity.
/// </summary>
internal sealed class WixVerifiedTokenFeature(string token, WixIdentity identity)
{
    public string Token { get; } = token;

    public WixIdentity Identity { get; } = identity;
}
