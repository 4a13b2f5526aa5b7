using Wix.Auth.Advanced;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Commands;

/// <summary><c>migrate</c>: applies pending database migrations and exits; safe to run from several deployers at once.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<WixDatabaseMigrator>();
        await migrator.MigrateAsync(cancellationToken);
        await Console.Out.WriteLineAsync("Database schema is up to date.");
        return 0;
    }
}
