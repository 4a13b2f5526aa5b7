using Wix.Auth.Advanced;
using Wix.Auth.Host.Instances;
using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Endpoints;

/// <summary>
/// <c>/api/v1/instances/{instanceId}</c>: the token API the app's own services call, the installation status and
/// the finish-setup BI event. Every route needs an API key and answers errors as RFC 7807 problem JSON.
/// </summary>
internal static class InstanceApiEndpoints
{
    public static IEndpointRouteBuilder MapInstanceApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/instances/{instanceId}")
            .AddEndpointFilter(NoStoreFilter.Instance)
            .AddEndpointFilter(ApiKeyEndpointFilter.For(endpoints))
            .WithTags("Instances")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/token", TokenEndpoint.For(endpoints).IssueAsync)
            .WithName("IssueToken").WithSummary("An access token for the instance (cached; refresh token or client credentials).")
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapGet("/", GetStatusAsync)
            .WithName("GetInstallation").WithSummary("The installation's status: strategy, refresh token stored, last refresh and fallback.")
            .Produces<InstanceStatusResponse>();
        group.MapPost("/finish-setup", FinishSetupAsync)
            .WithName("FinishSetup").WithSummary("Sends Wix the APP_FINISHED_CONFIGURATION BI event for the instance.")
            .Produces<FinishSetupResponse>().ProducesProblem(StatusCodes.Status502BadGateway);
        return endpoints;
    }

    /// <summary>404 for an unknown or removed instance, 503 when the database cannot say; null when installed.</summary>
    internal static async ValueTask<IResult?> RequireInstalledAsync(
        string instanceId,
        HttpContext context,
        InstallationStatusCache installations,
        CancellationToken cancellationToken)
    {
        try
        {
            return await installations.IsInstalledAsync(instanceId, cancellationToken) ? null : Problems.InstanceNotFound();
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            return Problems.DatabaseUnavailable(context);
        }
    }

    private static async Task<IResult> GetStatusAsync(
        string instanceId,
        HttpContext context,
        IWixInstallationStore store,
        CancellationToken cancellationToken)
    {
        WixInstallation? installation;
        try
        {
            installation = await store.FindAsync(instanceId, cancellationToken);
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            return Problems.DatabaseUnavailable(context);
        }

        return installation is null
            ? Problems.InstanceNotFound()
            : Results.Json(InstanceStatusResponse.From(installation), HostJsonContext.Default.InstanceStatusResponse);
    }

    private static async Task<IResult> FinishSetupAsync(
        string instanceId,
        HttpContext context,
        InstallationStatusCache installations,
        FinishSetupClient finishSetup,
        CancellationToken cancellationToken)
    {
        if (await RequireInstalledAsync(instanceId, context, installations, cancellationToken) is { } notInstalled)
        {
            return notInstalled;
        }

        try
        {
            await finishSetup.SendAsync(instanceId, cancellationToken);
            return Results.Json(
                new FinishSetupResponse(instanceId, FinishSetupClient.EventName),
                HostJsonContext.Default.FinishSetupResponse);
        }
        catch (WixTokenException ex) when (ex.IsTransient)
        {
            return Problems.WixUnavailable(context, ex.RetryAfter);
        }
        catch (WixTokenException ex)
        {
            return Problems.WixRefused(ex);
        }
        catch (FinishSetupException ex)
        {
            return ex.IsTransient
                ? Problems.WixUnavailable(context, retryAfter: null)
                : Results.Problem(
                    statusCode: StatusCodes.Status502BadGateway,
                    title: "Wix refused the BI event",
                    detail: $"Wix answered {ex.StatusCode} to APP_FINISHED_CONFIGURATION.");
        }
    }
}
