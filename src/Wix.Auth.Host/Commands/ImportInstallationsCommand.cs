using System.Globalization;
using Microsoft.Extensions.Options;
using Wix.Auth.Host.Commands.Import;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Commands;

/// <summary>
/// <c>import-installations FILE|- [--dry-run] [--overwrite] [--batch-size N]</c>: imports a legacy database export
/// (teams moving off their own custom-auth code). The whole file is validated first; one bad line imports nothing,
/// names every bad line and exits 1. Refresh tokens are never printed.
/// </summary>
internal static class ImportInstallationsCommand
{
    public const string Usage = "usage: Wix.Auth.Host import-installations <file.csv | -> [--dry-run] [--overwrite] [--batch-size N]";

    private const int DefaultBatchSize = 500;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var path, out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        string text;
        try
        {
            text = path == "-"
                ? await Console.In.ReadToEndAsync(cancellationToken)
                : await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot read {path}: {ex.Message}");
            return 2;
        }

        // File.ReadAllText drops a byte-order mark; standard input keeps it, and it would hide the first column's name.
        var file = ImportFile.Validate(text.TrimStart('\uFEFF'));
        if (file.Errors.Count > 0)
        {
            foreach (var error in file.Errors)
            {
                await Console.Error.WriteLineAsync(error);
            }

            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{file.Errors.Count} bad line(s) of {file.Rows}; nothing was imported."));
            return 1;
        }

        if (services.GetRequiredService<IOptions<WixPostgresStoreOptions>>().Value.RunMigrationsAtStartup)
        {
            // The import may be the first thing run against a new database; the server would migrate it first too.
            await services.GetRequiredService<WixDatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        var importer = services.GetRequiredService<WixInstallationImporter>();
        var progress = Console.IsOutputRedirected ? null : new TerminalProgress();
        var result = await importer.ImportAsync(file.Installations, options, progress, cancellationToken);
        progress?.Finish();
        await Console.Out.WriteLineAsync(Summary(result, options.DryRun));
        return 0;
    }

    internal static string Summary(WixImportResult r, bool dryRun)
    {
        var c = CultureInfo.InvariantCulture;
        if (dryRun)
        {
            return string.Create(c, $"Dry run, nothing written: the file is valid; {r.Total} instance(s) ({r.WithRefreshToken} with a refresh token): {r.Created} would be created, {r.Updated} updated, {r.Unchanged} left as they are.");
        }

        return r.NothingChanged
            ? string.Create(c, $"Nothing changed: all {r.Total} instance(s) are known already and kept as they are.")
            : string.Create(c, $"Imported {r.Total} instance(s) ({r.WithRefreshToken} with a refresh token): {r.Created} created, {r.Updated} updated, {r.Unchanged} left as they are.");
    }

    private static bool TryParse(string[] args, out string path, out WixImportOptions options)
    {
        path = string.Empty;
        bool dryRun = false, overwrite = false;
        var batchSize = DefaultBatchSize;
        options = new WixImportOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run": dryRun = true; break;
                case "--overwrite": overwrite = true; break;
                case "--batch-size" when i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 10_000:
                    batchSize = size;
                    i++;
                    break;
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal):
                    break; // configuration (--key=value), read by the host
                case var a when path.Length == 0 && (a == "-" || !a.StartsWith('-')):
                    path = a;
                    break;
                default:
                    return false;
            }
        }

        options = new WixImportOptions { DryRun = dryRun, Overwrite = overwrite, BatchSize = batchSize };
        return path.Length > 0;
    }

    /// <summary>One self-overwriting line on a terminal; nothing when the output is a file or a pipe.</summary>
    private sealed class TerminalProgress : IProgress<WixImportProgress>
    {
        public void Report(WixImportProgress value) =>
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"\rImporting: {value.Done}/{value.Total}"));

        public void Finish() => Console.WriteLine();
    }
}
