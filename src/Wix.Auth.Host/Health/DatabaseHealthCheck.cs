using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wix.Auth.Advanced;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Health;

/// <summary>
/// The PostgreSQL check behind <c>/readyz</c>: the database answers on the store's own pool, and every migration this
/// build knows is applied with the checksum it was applied with. A plain <c>SELECT 1</c> check (a generic package's)
/// would call a database with pending or edited migrations ready. Unhealthy descriptions are fixed words plus an
/// exception's type name: no connection string, host or credential.
/// </summary>
internal sealed class DatabaseHealthCheck(WixDatabaseMigrator migrator) : IHealthCheck
{
    public const string Name = "postgresql";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await migrator.IsUpToDateAsync(timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("migrations pending");
        }
        catch (WixStoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable (" + (ex.InnerException ?? ex).GetType().Name + ")");
        }
        catch (WixMigrationChecksumException)
        {
            return HealthCheckResult.Unhealthy("an applied migration was edited since (checksum mismatch)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("database did not answer in time");
        }
    }
}
