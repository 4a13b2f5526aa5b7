using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>Migrates the database when the host starts; registered first so no other hosted service sees an old schema.</summary>
internal sealed class WixMigrationHostedService(WixDatabaseMigrator migrator, IOptions<WixPostgresStoreOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.RunMigrationsAtStartup ? migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
