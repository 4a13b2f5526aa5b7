using System.Globalization;
using Wix.Auth.Advanced;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Commands;

/// <summary>
/// <c>reencrypt-refresh-tokens [--batch-size N] [--include-revoked]</c>: re-protects every stored refresh token under the
/// current default Data Protection key (after a key rotation), in batches, printing progress. Tokens under a revoked key
/// are left alone unless <c>--include-revoked</c> says the revocation was not a compromise.
/// </summary>
internal static class ReencryptCommand
{
    private const int DefaultBatchSize = 500;

    private static string Describe(string prefix, ReencryptionResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{prefix}: {r.Scanned} scanned, {r.Reencrypted} re-encrypted, {r.AlreadyCurrent} already current, {r.Undecryptable} undecryptable, {r.Skipped} busy (re-run to pick them up), {r.UnderRevokedKey} under a revoked key (left alone; --include-revoked rescues them)");

    /// <summary>Prints each committed batch at once (<see cref="Progress{T}"/> would post to the thread pool and reorder lines).</summary>
    private sealed class ConsoleProgress : IProgress<ReencryptionProgress>
    {
        public void Report(ReencryptionProgress value) =>
            Console.WriteLine(Describe(string.Create(CultureInfo.InvariantCulture, $"Batch {value.Batches}"), value.Totals));
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var batchSize = DefaultBatchSize;
        var includeRevoked = args.Contains("--include-revoked");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--batch-size" && i + 1 < args.Length
                && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 100_000)
            {
                batchSize = size;
            }
        }

        var reencryptor = services.GetRequiredService<WixRefreshTokenReencryptor>();
        var progress = new ConsoleProgress();
        var result = await reencryptor.ReencryptAllAsync(batchSize, includeRevoked, progress, cancellationToken);
        await Console.Out.WriteLineAsync(Describe("Done", result));

        // Undecryptable rows are not an error of this command: those instances fall back to client credentials.
        return 0;
    }
}
