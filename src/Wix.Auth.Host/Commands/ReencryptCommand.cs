using System.Globalization;
using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Commands;

/// <summary>
/// <c>reencrypt-refresh-tokens [--batch-size N]</c>: re-protects every stored refresh token under the current default
/// Data Protection key (after a key rotation or certificate change), in batches, printing progress.
/// </summary>
internal static class ReencryptCommand
{
    private const int DefaultBatchSize = 500;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var batchSize = DefaultBatchSize;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--batch-size" && i + 1 < args.Length
                && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 100_000)
            {
                batchSize = size;
            }
        }

        var reencryptor = services.GetRequiredService<WixRefreshTokenReencryptor>();
        var progress = new Progress<int>(done => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done} refresh token rows processed")));
        var total = await reencryptor.ReencryptAllAsync(batchSize, progress, cancellationToken);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Done: {total} refresh token rows processed."));
        return 0;
    }
}
