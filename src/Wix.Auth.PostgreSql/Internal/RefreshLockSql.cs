using System.Globalization;
using Dapper;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The per-instance lock every writer of an installation's refresh token takes (the refresh lease, the re-encryptor,
/// quarantine restore): one key derivation, so they can never lock different keys for the same instance.
/// Transaction-scoped, so commit, rollback or a dead connection releases it. The statements take <c>@instanceId</c>.
/// </summary>
internal static class RefreshLockSql
{
    /// <summary>Waits for the instance's lock (bounded by the transaction's <c>lock_timeout</c>).</summary>
    public const string Acquire = "SELECT pg_advisory_xact_lock(" + Key + ")";

    /// <summary>Takes the instance's lock if it is free; answers whether it was taken.</summary>
    public const string TryAcquire = "SELECT pg_try_advisory_xact_lock(" + Key + ")";

    /// <summary>
    /// Waits for the instance's lock inside <paramref name="transaction"/> for at most <paramref name="lockTimeout"/> (the
    /// refresh lease and the rotated-token write-back wait alike); a wait that runs out is a <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task AcquireAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string instanceId, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var timeout = ((long)lockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT set_config('lock_timeout', @timeout, true)", new { timeout }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(Acquire, new { instanceId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new TimeoutException(
                $"Another process has been refreshing the token of instance {instanceId} for longer than the refresh lock timeout ({lockTimeout}).", ex);
        }
    }

    private const string Key = "hashtextextended('wix-refresh:' || @instanceId, 0)";
}
