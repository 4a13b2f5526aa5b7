using Microsoft.AspNetCore.Http;
using Wix.Auth.AspNetCore.Internal;

namespace Wix.Auth.AspNetCore;

/// <summary>
/// Calls Wix APIs as the user of the current request: puts the access token the Wix access-token scheme verified on this
/// request into <c>Authorization</c> (raw, as Wix takes it), so the call carries the intersection of the app's and the
/// user's permissions, not the app's. Refuses to send anything when the request has no verified token.
/// </summary>
public sealed class WixUserTokenHandler : DelegatingHandler
{
    private readonly IHttpContextAccessor _contexts;

    /// <summary>Created by the <see cref="IHttpClientFactory"/> pipeline.</summary>
    public WixUserTokenHandler(IHttpContextAccessor contexts) => _contexts = contexts;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verified = _contexts.HttpContext?.Features.Get<WixVerifiedTokenFeature>()
            ?? throw new InvalidOperationException(
                "The current request has no verified Wix access token: authenticate it with the WixAccessToken scheme (AddWixAccessToken) before calling Wix as the user.");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", verified.Token);
        return base.SendAsync(request, cancellationToken);
    }
}
