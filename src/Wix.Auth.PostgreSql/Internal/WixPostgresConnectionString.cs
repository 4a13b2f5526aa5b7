using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>The connection string our data source uses: the configured one, with our pool bound and session limits.</summary>
internal static class WixPostgresConnectionString
{
    /// <summary>Every spelling Npgsql accepts for the pool size (keys compared without spaces, case-insensitively).</summary>
    private static readonly string[] PoolSizeKeys = ["maximumpoolsize", "maxpoolsize"];

    public static string Build(WixPostgresStoreOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!NamesPoolSize(options.ConnectionString))
        {
            builder.MaxPoolSize = options.MaxPoolSize;
        }

        // Sent in the startup packet, so they hold for every session of ours from its first statement; appended to any
        // options the operator set (a later -c wins in PostgreSQL, so theirs would be overridden: ours come first).
        var ours = string.Create(
            CultureInfo.InvariantCulture,
            $"-c statement_timeout={Milliseconds(options.StatementTimeout)} -c idle_in_transaction_session_timeout={Milliseconds(options.IdleInTransactionSessionTimeout)}");
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? ours : ours + " " + builder.Options;
        return builder.ConnectionString;
    }

    private static bool NamesPoolSize(string connectionString)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in raw.Keys)
        {
            if (PoolSizeKeys.Contains(key.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static long Milliseconds(TimeSpan value) => (long)value.TotalMilliseconds;
}
