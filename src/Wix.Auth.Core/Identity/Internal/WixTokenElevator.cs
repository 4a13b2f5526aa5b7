using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal.Identity;

/// <summary>
/// Elevation as Wix documents it for self-hosted backends (wix-protocol.md §9): the instance comes from the verified
/// identity, never from the browser, and the app's token from the token manager, so a cached token costs no request.
/// </summary>
internal sealed class WixTokenElevator : IWixTokenElevator
{
    private readonly IWixAccessTokenVerifier _verifier;
    private readonly IWixTokenManager _tokens;
    private readonly IOptionsMonitor<WixElevationOptions> _options;
    private readonly ILogger _audit;

    public WixTokenElevator(IWixAccessTokenVerifier verifier, IWixTokenManager tokens, IOptionsMonitor<WixElevationOptions> options, ILoggerFactory loggers)
    {
        _verifier = verifier;
        _tokens = tokens;
        _options = options;
        _audit = loggers.CreateLogger(IdentityLog.AuditCategory);
    }

    public async ValueTask<WixAccessToken> ElevateAsync(WixIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (_options.CurrentValue.Policy is { } policy && !await policy(identity, cancellationToken).ConfigureAwait(false))
        {
            IdentityLog.ElevationDenied(_audit, identity.SubjectType, identity.SubjectId, identity.InstanceId);
            throw new WixElevationDeniedException($"The elevation policy does not allow {identity.SubjectType} identities of this instance to act as the app.");
        }

        var token = await _tokens.GetAccessTokenAsync(identity.InstanceId, cancellationToken).ConfigureAwait(false);
        IdentityLog.Elevated(_audit, identity.SubjectType, identity.SubjectId, identity.InstanceId, identity.Source);
        return token;
    }

    public async ValueTask<WixAccessToken> ElevateAsync(string accessToken, CancellationToken cancellationToken)
    {
        var identity = await _verifier.VerifyAsync(accessToken, cancellationToken).ConfigureAwait(false);
        return await ElevateAsync(identity, cancellationToken).ConfigureAwait(false);
    }
}
