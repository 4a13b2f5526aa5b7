using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The store's four contracts on PostgreSQL (Dapper over Npgsql). Every write bumps <c>row_version</c>. Callers reach
/// it through <see cref="GuardedPostgresStore"/>, which turns the driver's failures into <see cref="WixStoreUnavailableException"/>.
/// </summary>
internal sealed class PostgresInstallationStore(
    WixPostgresDataSource dataSource,
    RefreshTokenProtector protector,
    SharedTokenRows sharedTokens,
    TimeProvider timeProvider,
    IOptions<WixPostgresStoreOptions> options,
    RotatedRefreshTokenWriteBack writeBack,
    ILogger<PostgresInstallationStore> logger) : IWixInstallationStore, IWixRefreshTokenStore, IWixAuthorizationCodeStore, IWixWebhookInbox
{
    /// <summary>The error code of a write-ahead row whose exchange has not answered (yet, or ever: a crash).</summary>
    internal const string ExchangePending = "exchange_pending";

    /// <summary>
    /// A row still exactly as the write-ahead left it (parameters <c>@reason</c> = installing, <c>@pending</c>): taken
    /// back by <see cref="AbandonInstallingAsync"/>, recorded as interrupted by <see cref="InterruptedHandshakes"/>. A
    /// completed install, a webhook or a refresh since changed it, and it is left alone.
    /// </summary>
    internal const string WriteAheadAsLeft =
        "status = 'installed' AND fallback_reason = @reason AND last_error_code = @pending AND refresh_token_ciphertext IS NULL";

    /// <summary>Claims a code by its hash (parameters <c>@codeHash</c>, <c>@instanceId</c>, <c>@now</c>); a row only for the first claimer.</summary>
    private const string ClaimCode = """
        INSERT INTO wix_redeemed_codes (code_hash, instance_id, redeemed_at) VALUES (@codeHash, @instanceId, @now)
        ON CONFLICT (code_hash) DO NOTHING
        """;

    // The write-ahead's row. The instance ID is still the browser's word here: an installed row (perhaps with a working
    // refresh token) is never touched; only a new, removed or still-installing one is (re)written.
    private const string WriteAheadColumns = """
        (instance_id, status, strategy, installed_at, updated_at, last_event_at,
         last_fallback_at, fallback_reason, last_error_code, write_ahead_prior, row_version)
        """;

    private const string WriteAheadValues =
        "@instanceId, 'installed', @strategy, @now, @now, date_trunc('second', @now), @now, @reason, @pending, 'none', 1";

    private const string WriteAheadOnConflict = """
        ON CONFLICT (instance_id) DO UPDATE
           SET status = 'installed', strategy = @strategy,
               write_ahead_prior = CASE WHEN wix_installations.status = 'removed' THEN 'removed' ELSE 'installing' END,
               installed_at = CASE WHEN wix_installations.status = 'removed' THEN @now ELSE wix_installations.installed_at END,
               last_fallback_at = @now, fallback_reason = @reason, last_error_code = @pending, refresh_retry_at = NULL,
               last_event_at = GREATEST(wix_installations.last_event_at, date_trunc('second', @now)), updated_at = @now,
               row_version = wix_installations.row_version + 1
         WHERE wix_installations.status <> 'installed' OR wix_installations.fallback_reason = @reason
        """;

    private NpgsqlDataSource Db => dataSource.DataSource;

    public async Task<WixInstallation?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await using var connection = await Db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<InstallationRow>(new CommandDefinition(
            $"SELECT {InstallationRow.Columns} FROM wix_installations WHERE instance_id = @instanceId",
            new { instanceId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToInstallation();
    }

    public async Task<IReadOnlyList<WixInstallation>> ListAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await Db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<InstallationRow>(new CommandDefinition(
            $"SELECT {InstallationRow.Columns} FROM wix_installations ORDER BY installed_at DESC, instance_id OFFSET @offset LIMIT @limit",
            new { offset, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToInstallation()).ToList();
    }

    public async Task RecordInstalledAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        // A removed installation coming back starts a new life (new install date); an installed one is left alone.
        const string sql = """
            INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, last_event_at, row_version)
            VALUES (@instanceId, 'installed', @strategy, @now, @now, date_trunc('second', @now), 1)
            ON CONFLICT (instance_id) DO UPDATE
               SET status = 'installed', installed_at = @now, updated_at = @now,
                   last_event_at = GREATEST(wix_installations.last_event_at, date_trunc('second', @now)), row_version = wix_installations.row_version + 1
             WHERE wix_installations.status <> 'installed'
            """;
        await ExecuteAsync(sql, new { instanceId, strategy = WixAuthStrategyNames.ClientCredentials, now = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RecordInstallingAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        const string sql = $"INSERT INTO wix_installations {WriteAheadColumns} VALUES ({WriteAheadValues}) {WriteAheadOnConflict}";
        return await ExecuteAsync(sql, WriteAheadParameters(instanceId, codeHash: null), cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<WixCodeClaim> ClaimCodeAndRecordInstallingAsync(string instanceId, ReadOnlyMemory<byte> codeHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (codeHash.IsEmpty)
        {
            throw new ArgumentException("The code hash must not be empty.", nameof(codeHash));
        }

        // One statement, so one round trip and one commit (an fsync) where the claim and the write-ahead took two each.
        // Data-modifying CTEs run to completion in the statement's one transaction: the write-ahead happens only when the
        // claim inserted its row, and both are durable before the code is sent.
        const string sql = $"""
            WITH claim AS ({ClaimCode} RETURNING 1),
                 ahead AS (INSERT INTO wix_installations {WriteAheadColumns}
                           SELECT {WriteAheadValues} WHERE EXISTS (SELECT FROM claim)
                           {WriteAheadOnConflict}
                           RETURNING 1)
            SELECT (SELECT count(*) FROM claim)::int AS claimed, (SELECT count(*) FROM ahead)::int AS written
            """;
        await using var connection = await Db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var (claimed, written) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            sql, WriteAheadParameters(instanceId, codeHash.ToArray()), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (claimed, written) switch
        {
            (0, _) => WixCodeClaim.AlreadyClaimed,
            (_, 0) => WixCodeClaim.Claimed,
            _ => WixCodeClaim.ClaimedAndRecordedInstalling,
        };
    }

    public async Task AbandonInstallingAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        // Only a row still exactly as the write-ahead left it: a completed install, a webhook or a refresh since wins.
        const string pending = "instance_id = @instanceId AND " + WriteAheadAsLeft;
        const string sql = $"""
            DELETE FROM wix_installations WHERE {pending} AND write_ahead_prior = 'none';
            UPDATE wix_installations
               SET status = 'removed', fallback_reason = NULL, last_error_code = NULL, write_ahead_prior = NULL, updated_at = @now,
                   row_version = row_version + 1
             WHERE {pending} AND write_ahead_prior = 'removed';
            """;
        await ExecuteAsync(sql, new
        {
            instanceId,
            reason = InstallationRow.ToDb(WixFallbackReason.Installing),
            pending = ExchangePending,
            now = timeProvider.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveRefreshTokenAsync(string instanceId, string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw new ArgumentException("A refresh token to store must not be empty.", nameof(refreshToken));
        }

        var ciphertext = protector.Protect(instanceId, refreshToken);
        const string sql = """
            INSERT INTO wix_installations (instance_id, status, strategy, refresh_token_ciphertext, installed_at, updated_at, last_event_at, row_version)
            VALUES (@instanceId, 'installed', @strategy, @ciphertext, @now, @now, date_trunc('second', @now), 1)
            ON CONFLICT (instance_id) DO UPDATE
               SET status = 'installed', strategy = @strategy, refresh_token_ciphertext = @ciphertext,
                   last_event_at = GREATEST(wix_installations.last_event_at, date_trunc('second', @now)),
                   installed_at = CASE WHEN wix_installations.status = 'removed' THEN @now ELSE wix_installations.installed_at END,
                   fallback_reason = NULL, last_error_code = NULL, refresh_retry_at = NULL, updated_at = @now,
                   row_version = wix_installations.row_version + 1, generation = wix_installations.generation + 1
            """;
        // A new handshake is a new install: a new generation, so tokens from before it are not served after it.
        await ExecuteAsync(sql, new { instanceId, strategy = WixAuthStrategyNames.RefreshToken, ciphertext, now = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkRemovedAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        const string sql = """
            UPDATE wix_installations
               SET status = 'removed', strategy = @strategy, refresh_token_ciphertext = NULL, updated_at = @now,
                   row_version = row_version + 1
             WHERE instance_id = @instanceId AND (status <> 'removed' OR refresh_token_ciphertext IS NOT NULL)
            """;
        await ExecuteAsync(sql, new { instanceId, strategy = WixAuthStrategyNames.ClientCredentials, now = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordFallbackAsync(string instanceId, WixFallbackReason reason, string? errorCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        // An instance we never heard of (webhook missed, cloned site) is recorded too, so the operator sees it.
        const string sql = """
            INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, last_fallback_at, fallback_reason, last_error_code, row_version)
            VALUES (@instanceId, 'installed', @strategy, @now, @now, @now, @reason, @errorCode, 1)
            ON CONFLICT (instance_id) DO UPDATE
               SET strategy = @strategy, last_fallback_at = @now, fallback_reason = @reason, last_error_code = @errorCode,
                   updated_at = @now, row_version = wix_installations.row_version + 1
            """;
        await ExecuteAsync(sql, new
        {
            instanceId,
            strategy = WixAuthStrategyNames.ClientCredentials,
            reason = InstallationRow.ToDb(reason),
            errorCode,
            now = timeProvider.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IWixRefreshLease> AcquireRefreshLeaseAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return await PostgresRefreshLease.AcquireAsync(
            Db, protector, writeBack, timeProvider, logger, instanceId, options.Value.RefreshLockTimeout,
            options.Value.SharedTokenCache.Enabled ? sharedTokens : null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryClaimAuthorizationCodeAsync(string instanceId, ReadOnlyMemory<byte> codeHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (codeHash.IsEmpty)
        {
            throw new ArgumentException("The code hash must not be empty.", nameof(codeHash));
        }

        var inserted = await ExecuteAsync(ClaimCode, new { codeHash = codeHash.ToArray(), instanceId, now = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    public Task<WixWebhookOutcome> RecordWebhookEventAsync(WixWebhookEventRecord webhookEvent, CancellationToken cancellationToken) =>
        PostgresWebhookInbox.RecordAsync(Db, webhookEvent, timeProvider.GetUtcNow(), cancellationToken);

    private object WriteAheadParameters(string instanceId, byte[]? codeHash) => new
    {
        instanceId,
        codeHash,
        strategy = WixAuthStrategyNames.ClientCredentials,
        reason = InstallationRow.ToDb(WixFallbackReason.Installing),
        pending = ExchangePending,
        now = timeProvider.GetUtcNow(),
    };

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await Db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
