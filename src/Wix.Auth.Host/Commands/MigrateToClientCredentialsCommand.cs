using System.Globalization;
using Microsoft.Extensions.Options;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Commands;

/// <summary>
/// <c>migrate-to-client-credentials [--instance ID] [--dry-run] [--keep-refresh-tokens DAYS] [--concurrency N] [--rate N]</c>:
/// switches installations off legacy refresh tokens once Wix confirms client credentials for them
/// (<see cref="WixClientCredentialsMigrator"/>). Exit code 1 only when an installation failed; a run stopped with Ctrl-C
/// resumes when started again.
/// </summary>
internal static class MigrateToClientCredentialsCommand
{
    public const string Usage = "usage: Wix.Auth.Host migrate-to-client-credentials [--instance ID] [--dry-run] [--keep-refresh-tokens DAYS] [--concurrency N] [--rate PER_SECOND]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        if (services.GetRequiredService<IOptions<WixPostgresStoreOptions>>().Value.RunMigrationsAtStartup)
        {
            await services.GetRequiredService<WixDatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        var migrator = services.GetRequiredService<WixClientCredentialsMigrator>();
        var progress = new ConsoleProgress(terminal: !Console.IsOutputRedirected);
        WixMigrationResult result;
        try
        {
            result = await migrator.MigrateAsync(options, progress, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Finish();
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Interrupted after {progress.Done} installation(s); each finished one is saved. Run the command again to resume."));
            return 130;
        }

        progress.Finish();
        await Console.Out.WriteLineAsync(SummaryTable(result, options.DryRun));
        return result.Failed > 0 ? 1 : 0;
    }

    internal static string SummaryTable(WixMigrationResult result, bool dryRun)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            dryRun ? "Dry run, nothing changed:" : "Migration to client credentials:",
            "  outcome          installations",
            string.Create(c, $"  {(dryRun ? "would migrate" : "migrated"),-16} {result.Migrated,13}"),
            string.Create(c, $"  {"not installed",-16} {result.NotInstalled,13}"),
            string.Create(c, $"  {"failed",-16} {result.Failed,13}"),
        };
        if (result.PurgedRefreshTokens > 0)
        {
            lines.Add(string.Create(c, $"  kept refresh tokens past their date, purged: {result.PurgedRefreshTokens}"));
        }

        foreach (var outcome in result.Outcomes.Where(o => o.Kind is WixMigrationOutcomeKind.NotInstalled or WixMigrationOutcomeKind.Failed).OrderBy(o => o.Kind).ThenBy(o => o.InstanceId, StringComparer.Ordinal))
        {
            lines.Add(string.Create(c, $"  {(outcome.Kind == WixMigrationOutcomeKind.Failed ? "failed" : "not installed"),-16} {outcome.InstanceId} ({outcome.ErrorCode})"));
        }

        if (result.Outcomes.Count == 0)
        {
            lines.Add("  No installation is still on refresh tokens.");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static bool TryParse(string[] args, out WixMigrationOptions options)
    {
        options = new WixMigrationOptions();
        string? instanceId = null;
        var dryRun = false;
        var keepDays = 30;
        var concurrency = options.MaxConcurrency;
        var rate = options.MaxPerSecond;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    continue;
                case "--instance" when !string.IsNullOrWhiteSpace(value):
                    instanceId = value;
                    break;
                case "--keep-refresh-tokens" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= 3650:
                    keepDays = days;
                    break;
                case "--concurrency" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 64:
                    concurrency = n;
                    break;
                case "--rate" when double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) && r is > 0 and <= 1000:
                    rate = r;
                    break;
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal):
                    continue; // configuration (--key=value), read by the host
                default:
                    return false;
            }

            i++;
        }

        options = new WixMigrationOptions
        {
            InstanceId = instanceId,
            DryRun = dryRun,
            KeepRefreshTokens = TimeSpan.FromDays(keepDays),
            MaxConcurrency = concurrency,
            MaxPerSecond = rate,
        };
        return true;
    }

    /// <summary>A progress bar on a terminal; one line per installation when the output is a file or a pipe.</summary>
    private sealed class ConsoleProgress(bool terminal) : IProgress<WixMigrationProgress>
    {
        private readonly Lock _gate = new();

        public int Done { get; private set; }

        public void Report(WixMigrationProgress value)
        {
            lock (_gate)
            {
                Done = Math.Max(Done, value.Done);
                if (terminal)
                {
                    const int width = 30;
                    var filled = value.Total == 0 ? width : value.Done * width / value.Total;
                    Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', width - filled)}] {value.Done}/{value.Total}"));
                }
                else
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{value.Done}/{value.Total} {value.Last.InstanceId}: {Describe(value.Last.Kind)}{(value.Last.ErrorCode is { } e ? " (" + e + ")" : string.Empty)}"));
                }
            }
        }

        public void Finish()
        {
            if (terminal)
            {
                Console.WriteLine();
            }
        }

        private static string Describe(WixMigrationOutcomeKind kind) => kind switch
        {
            WixMigrationOutcomeKind.Migrated => "migrated",
            WixMigrationOutcomeKind.WouldMigrate => "would migrate",
            WixMigrationOutcomeKind.NotInstalled => "not installed",
            _ => "failed",
        };
    }
}
