using System.Globalization;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Commands;

/// <summary>
/// <c>quarantine list</c> prints the refresh tokens Wix refused (instance, error, when); <c>quarantine restore
/// [instanceId ...]</c> presents each (or the named ones) to Wix once more and puts back those it accepts. Exit code 0
/// when every token tried was restored or is still refused, 1 when Wix could not be reached for some, 2 on bad usage.
/// </summary>
internal static class QuarantineCommand
{
    /// <summary>More than any real incident leaves behind; the list is printed, not paged.</summary>
    private const int ListLimit = 100_000;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var quarantine = services.GetRequiredService<WixRefreshTokenQuarantine>();
        switch (args.FirstOrDefault())
        {
            case "list":
                var listed = await quarantine.ListAsync(ListLimit, cancellationToken);
                foreach (var entry in listed)
                {
                    await Console.Out.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture, $"{entry.InstanceId}\t{entry.ErrorCode ?? "-"}\t{entry.QuarantinedAt:O}"));
                }

                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{listed.Count} quarantined refresh token(s)"));
                return 0;

            case "restore":
                var instances = args.Length > 1
                    ? args[1..]
                    : (await quarantine.ListAsync(ListLimit, cancellationToken)).Select(e => e.InstanceId).ToArray();
                var counts = new Dictionary<WixQuarantineRestoreOutcome, int>();
                foreach (var instanceId in instances)
                {
                    var outcome = await quarantine.RestoreAsync(instanceId, cancellationToken);
                    counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                    await Console.Out.WriteLineAsync($"{instanceId}\t{outcome}");
                }

                await Console.Out.WriteLineAsync(string.Join(", ", Enum.GetValues<WixQuarantineRestoreOutcome>()
                    .Select(o => string.Create(CultureInfo.InvariantCulture, $"{counts.GetValueOrDefault(o)} {o}"))));
                return counts.GetValueOrDefault(WixQuarantineRestoreOutcome.WixUnavailable) > 0 ? 1 : 0;

            default:
                await Console.Error.WriteLineAsync("usage: quarantine list | quarantine restore [instanceId ...]");
                return 2;
        }
    }
}
