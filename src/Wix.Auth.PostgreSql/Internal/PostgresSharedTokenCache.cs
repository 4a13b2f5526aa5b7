using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The second-level token cache in <c>wix_shared_tokens</c>, with its claims in <c>wix_token_claims</c> (migration 0013;
/// rows in <see cref="SharedTokenRows"/>). A removal or reinstall deletes the token in the same transaction (the table's
/// trigger). Every call is one short statement on a pooled connection, bounded by
/// <see cref="WixSharedTokenCacheOptions.Timeout"/>; a failure counts as a miss and is counted in
/// <c>wix_auth.token_cache.shared_failures</c>. When the database itself failed (refused, dropped, or a statement did
/// not answer), it is left alone for <see cref="WixSharedTokenCacheOptions.RetryAfterFailure"/>, logged once per outage;
/// a wait for a pooled connection that timed out is this host's own load, not an outage, and skips nothing (skipping
/// then would send every cold instance of the host to Wix exactly when the host is busiest). When the cache is disabled,
/// every call answers at once without the database.
/// </summary>
internal sealed class PostgresSharedTokenCache(
    WixPostgresDataSource dataSource,
    SharedTokenRows rows,
    SharedTokenCacheMetrics metrics,
    IOptions<WixPostgresStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<PostgresSharedTokenCache> logger) : IWixSharedTokenCache
{
    // Refused while a servable token is shared: the winner of the previous claim may have published (and released its
    // claim in the same statement) between this process's miss and its claim, and must not be asked for again.
    private const string Claim = $"""
        INSERT INTO wix_token_claims (instance_id, owner, expires_at)
        SELECT @instanceId, @owner, @until WHERE NOT EXISTS ({SharedTokenRows.Servable})
        ON CONFLICT (instance_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
         WHERE wix_token_claims.expires_at <= @now OR wix_token_claims.owner = @owner
        RETURNING 1
        """;

    // The claim's NOT EXISTS reads the snapshot its statement started with: a claim that began just before the previous
    // winner committed its publish-and-release (or waited for that commit on the claim row) sees no token and wins. This
    // second statement of the same round trip takes a fresh snapshot (READ COMMITTED) and gives the claim back if a
    // servable token is visible by then (3 hosts asked Wix 101 times for 100 client-credentials instances without it).
    private const string GiveBackIfServed = $"""
        DELETE FROM wix_token_claims WHERE instance_id = @instanceId AND owner = @owner AND EXISTS ({SharedTokenRows.Servable})
        RETURNING 1
        """;

    private readonly Guid _owner = Guid.NewGuid();
    private long _skipUntilTicks;
    private int _failing;

    private WixSharedTokenCacheOptions Settings => options.Value.SharedTokenCache;

    public Task<WixSharedToken?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return RunAsync(
            "get",
            (connection, token) => rows.ReadAsync(connection, transaction: null, instanceId, timeProvider.GetUtcNow(), token),
            fallback: null,
            busy: null,
            cancellationToken);
    }

    public Task<bool> TryClaimAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var now = timeProvider.GetUtcNow();
        // Busy (no pooled connection in time) is not "unreachable": answering true then would send this process to Wix
        // while another may hold the claim; false makes it poll for the token and claim again, bounded by its wait.
        return RunAsync(
            "claim",
            async (connection, token) =>
            {
                using var answers = await connection.QueryMultipleAsync(new CommandDefinition(
                    $"{Claim};\n{GiveBackIfServed}",
                    new { instanceId, owner = _owner, now, until = now + Settings.ClaimDuration },
                    cancellationToken: token)).ConfigureAwait(false);
                var won = await answers.ReadSingleOrDefaultAsync<int?>().ConfigureAwait(false) == 1;
                var givenBack = await answers.ReadSingleOrDefaultAsync<int?>().ConfigureAwait(false) == 1;
                return won && !givenBack;
            },
            fallback: true,
            busy: false,
            cancellationToken);
    }

    public Task SetAsync(WixSharedToken entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RunAsync(
            "publish",
            (connection, token) => rows.PublishAsync(connection, transaction: null, entry, _owner, timeProvider.GetUtcNow(), token),
            fallback: 0,
            busy: 0,
            cancellationToken);
    }

    public Task ReleaseClaimAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return RunAsync(
            "release",
            (connection, token) => connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM wix_token_claims WHERE instance_id = @instanceId AND owner = @owner",
                new { instanceId, owner = _owner }, cancellationToken: token)),
            fallback: 0,
            busy: 0,
            cancellationToken);
    }

    public Task RemoveAsync(string instanceId, string accessToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(accessToken);
        // Ciphertexts are randomised, so the stored token is decrypted to be compared; deleted only if still that one.
        return RunAsync(
            "remove",
            async (connection, token) =>
            {
                var stored = await connection.QueryAsync<(string Ciphertext, DateTime WrittenAt)>(new CommandDefinition(
                    "SELECT token_ciphertext, written_at FROM wix_shared_tokens WHERE instance_id = @instanceId",
                    new { instanceId }, cancellationToken: token)).ConfigureAwait(false);
                var deleted = 0;
                foreach (var (ciphertext, writtenAt) in stored.ToList())
                {
                    if (rows.IsOrUndecryptable(instanceId, ciphertext, accessToken))
                    {
                        deleted += await connection.ExecuteAsync(new CommandDefinition(
                            "DELETE FROM wix_shared_tokens WHERE instance_id = @instanceId AND written_at = @writtenAt",
                            new { instanceId, writtenAt }, cancellationToken: token)).ConfigureAwait(false);
                    }
                }

                return deleted;
            },
            fallback: 0,
            busy: 0,
            cancellationToken);
    }

    /// <param name="operation">The operation's name in the metric.</param>
    /// <param name="call">The statement(s), on an open pooled connection.</param>
    /// <param name="fallback">The answer when the database failed or the cache is disabled or skipped.</param>
    /// <param name="busy">The answer when no pooled connection came within the timeout.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    private async Task<T> RunAsync<T>(
        string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> call, T fallback, T busy, CancellationToken cancellationToken)
    {
        var settings = Settings;
        if (!settings.Enabled)
        {
            return fallback;
        }

        if (timeProvider.GetUtcNow().UtcTicks < Interlocked.Read(ref _skipUntilTicks))
        {
            metrics.Failed(operation, "skipped");
            return fallback;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var opened = false;
        try
        {
            await using var connection = await dataSource.DataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            opened = true;
            var result = await call(connection, timeout.Token).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                StoreLog.SharedCacheAvailableAgain(logger);
            }

            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !opened)
        {
            // Waited for a pooled connection (or a new one) past the timeout: a miss, counted, nothing skipped.
            metrics.Failed(operation, "pool_timeout");
            StoreLog.SharedCachePoolWaitExceeded(logger, operation, settings.Timeout);
            return busy;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (StoreFailures.IsUnavailable(ex) || ex is OperationCanceledException))
        {
            metrics.Failed(operation, ex is OperationCanceledException or TimeoutException ? "timeout" : "unavailable");
            Interlocked.Exchange(ref _skipUntilTicks, (timeProvider.GetUtcNow() + settings.RetryAfterFailure).UtcTicks);
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                StoreLog.SharedCacheUnavailable(logger, ex.GetType().Name, settings.RetryAfterFailure);
            }

            return fallback;
        }
    }
}
