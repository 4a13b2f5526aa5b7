using Microsoft.Extensions.Logging;
using Wix.Auth.Internal;

namespace Wix.Auth;

/// <summary>
/// Puts <c>Authorization: &lt;token&gt;</c> (Wix takes the raw token, no scheme) on every request, for the
/// instance set with <see cref="WixHttpRequestOptions.SetWixInstanceId"/>. On a 401 the cached token is
/// invalidated and the request is sent once more with a fresh one.
/// </summary>
public sealed class WixAccessTokenHandler : DelegatingHandler
{
    private readonly IWixTokenManager _tokens;
    private readonly ILogger<WixAccessTokenHandler> _logger;

    /// <summary>Created by the <see cref="IHttpClientFactory"/> pipeline.</summary>
    public WixAccessTokenHandler(IWixTokenManager tokens, ILogger<WixAccessTokenHandler> logger)
    {
        _tokens = tokens;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(WixHttpRequestOptions.InstanceId, out var instanceId) || string.IsNullOrEmpty(instanceId))
        {
            throw new InvalidOperationException("The request has no Wix instance ID; call request.SetWixInstanceId(instanceId) before sending it.");
        }

        // Buffered so the body can be sent a second time after a 401.
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var token = await _tokens.GetAccessTokenAsync(instanceId, cancellationToken).ConfigureAwait(false);
        SetAuthorization(request, token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized)
        {
            return response;
        }

        // The token was revoked or expired early (e.g. reinstall): one fresh attempt, never a loop.
        Log.ApiUnauthorizedRetrying(_logger, instanceId);
        response.Dispose();
        _tokens.Invalidate(instanceId);
        token = await _tokens.GetAccessTokenAsync(instanceId, cancellationToken).ConfigureAwait(false);
        SetAuthorization(request, token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void SetAuthorization(HttpRequestMessage request, WixAccessToken token)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", token.AccessToken);
    }
}
