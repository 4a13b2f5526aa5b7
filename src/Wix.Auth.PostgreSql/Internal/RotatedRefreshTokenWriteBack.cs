using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Rotated refresh tokens Wix issued that the database did not take in time: the refresh lease's write failed because
/// PostgreSQL was too slow, restarting or unreachable (checklist FI-12). Under strict rotation Wix has already revoked
/// the stored token, so the new one is the only live token and must not be dropped with the failed transaction. It is
/// kept here, encrypted as it would be stored, and written as soon as the database takes it, under the instance's
/// refresh lock and only over the very ciphertext it replaces: a newer token (a reinstall) or a removal wins. Until then a
/// refresh lease of this process presents it instead of the revoked stored one. Lost only if the process ends before the
/// database answers again (logged).
/// </summary>
internal sealed class RotatedRefreshTokenWriteBack(
    WixPostgresDataSource dataSource,
    IOptions<WixPostgresStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<RotatedRefreshTokenWriteBack> logger) : BackgroundService
{
    /// <summary>How often pending tokens are tried again while the database does not take them.</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);

    /// <summary>How many rotated tokens wait to be written (for tests and diagnostics).</summary>
    internal int Count => _pending.Count;

    /// <summary>Keeps <paramref name="ciphertext"/>, which replaces <paramref name="replacedCiphertext"/>, until it is stored.</summary>
    public void Remember(string instanceId, string replacedCiphertext, string ciphertext, Exception failure)
    {
        _pending[instanceId] = new Pending(replacedCiphertext, ciphertext);
        StoreLog.RotatedTokenWriteDeferred(logger, instanceId, failure.GetType().Name);
        _signal.Release();
    }

    /// <summary>The pending successor of <paramref name="storedCiphertext"/>, when this process holds one.</summary>
    public string? PendingSuccessor(string instanceId, string? storedCiphertext) =>
        storedCiphertext is not null && _pending.TryGetValue(instanceId, out var pending)
            && string.Equals(pending.ReplacedCiphertext, storedCiphertext, StringComparison.Ordinal)
            ? pending.Ciphertext
            : null;

    /// <summary>Tries every pending token once; returns how many are left.</summary>
    internal async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var instanceId in _pending.Keys)
        {
            try
            {
                await WriteAsync(instanceId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                // Still not taken: tried again after the interval.
            }
        }

        return _pending.Count;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (!_pending.IsEmpty)
        {
            // A last try; what is still pending now is lost with the process, and the operator must know which.
            try
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Shutdown is out of time; what is left is reported below.
            }

            foreach (var instanceId in _pending.Keys)
            {
                StoreLog.RotatedTokenNotWritten(logger, instanceId);
            }
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                if (_pending.IsEmpty)
                {
                    await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(RetryInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync makes the last try.
        }
    }

    /// <summary>
    /// Writes the instance's pending token, read again under the refresh lock: a lease of this process that held the lock
    /// meanwhile may have refreshed with it and left a newer successor, which must be the one written.
    /// </summary>
    private async Task WriteAsync(string instanceId, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE wix_installations
               SET refresh_token_ciphertext = @ciphertext,
                   strategy = @strategy, last_refresh_at = @now, fallback_reason = NULL, last_error_code = NULL,
                   refresh_retry_at = NULL, updated_at = @now, row_version = row_version + 1
             WHERE instance_id = @instanceId AND status = 'installed' AND refresh_token_ciphertext = @replaced
            """;
        await using var connection = await dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await RefreshLockSql.AcquireAsync(connection, transaction, instanceId, options.Value.RefreshLockTimeout, cancellationToken).ConfigureAwait(false);
        if (!_pending.TryGetValue(instanceId, out var pending))
        {
            return;
        }

        var updated = await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                instanceId,
                ciphertext = pending.Ciphertext,
                replaced = pending.ReplacedCiphertext,
                strategy = WixAuthStrategyNames.RefreshToken,
                now = timeProvider.GetUtcNow(),
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // Under the lock no lease of this process replaced it; removed only if it is still the one written.
        if (_pending.TryRemove(new KeyValuePair<string, Pending>(instanceId, pending)))
        {
            StoreLog.RotatedTokenWrittenBack(logger, instanceId, updated == 1);
        }
    }

    private sealed record Pending(string ReplacedCiphertext, string Ciphertext);
}
