using Wix.Auth.Advanced;
using Wix.Auth.PostgreSql;
using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Endpoints;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers and every migration is applied.</summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        endpoints.MapGet("/readyz", ReadyAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(WixDatabaseMigrator migrator, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadinessTimeout);
        string reason;
        try
        {
            if (await migrator.IsUpToDateAsync(timeout.Token))
            {
                return Results.Text("ready\n", "text/plain");
            }

            reason = "migrations pending";
        }
        catch (WixStoreUnavailableException ex)
        {
            reason = "database unreachable (" + (ex.InnerException ?? ex).GetType().Name + ")";
        }
        catch (WixMigrationChecksumException)
        {
            reason = "an applied migration was edited since (checksum mismatch)";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reason = "database did not answer in time";
        }

        HostLog.NotReady(loggers.CreateLogger("Wix.Auth.Host.Health"), reason);
        return Results.Text("not ready: " + reason + "\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
