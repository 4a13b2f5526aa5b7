using Wix.Auth.Advanced;
using Wix.Auth.Host.Instances;
using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Endpoints;

/// <summary>
/// <c>POST /api/v1/instances/{instanceId}/token</c>, the hot path. Its singletons are resolved once when the route is
/// mapped, not bound from the request's services on every call, and a warm instance (status and token both in memory)
/// completes synchronously with the token's pre-serialised answer (<see cref="TokenAnswers"/>).
/// </summary>
internal sealed class TokenEndpoint(InstallationStatusCache installations, IWixTokenManager tokenManager, ILogger logger)
{
    private const string LogCategory = "Wix.Auth.Host.TokenApi";

    public static TokenEndpoint For(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        return new TokenEndpoint(
            services.GetRequiredService<InstallationStatusCache>(),
            services.GetRequiredService<IWixTokenManager>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory));
    }

    public async ValueTask<IResult> IssueAsync(string instanceId, HttpContext context, CancellationToken cancellationToken)
    {
        if (await InstanceApiEndpoints.RequireInstalledAsync(instanceId, context, installations, cancellationToken) is { } notInstalled)
        {
            return notInstalled;
        }

        try
        {
            return TokenAnswers.For(await tokenManager.GetAccessTokenAsync(instanceId, cancellationToken));
        }
        catch (WixTokenException ex) when (ex.IsTransient)
        {
            HostLog.TokenTransientFailure(logger, instanceId, ex.Kind.ToString(), ex.StatusCode, ex.RequestId);
            return Problems.WixUnavailable(context, ex.RetryAfter);
        }
        catch (WixTokenException ex)
        {
            HostLog.TokenRefused(logger, instanceId, ex.Kind.ToString(), ex.Error, ex.StatusCode, ex.RequestId);
            return Problems.WixRefused(ex);
        }
        catch (WixInstallationRemovedException)
        {
            // The status read said installed, the store (read under the refresh lease) says removed: a removal seen by
            // another process since. Not a server error.
            installations.Evict(instanceId);
            return Problems.InstanceNotFound();
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            // The refresh-token strategy reads the store; without it we cannot choose safely. A TimeoutException is the
            // refresh lock not granted in time (another process's refresh of this instance is slow).
            return Problems.DatabaseUnavailable(context);
        }
    }
}
