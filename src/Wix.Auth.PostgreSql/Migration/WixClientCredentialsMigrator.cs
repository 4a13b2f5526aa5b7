using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth.PostgreSql.Internal;

namespace Wix.Auth.PostgreSql;

/// <summary>
/// Moves installations off legacy custom auth (wix-protocol.md §10): for each installation still on refresh tokens it
/// asks Wix for a client-credentials token, confirms with Token Info that the token names that instance and our app,
/// then makes client credentials the installation's preferred strategy, keeping the refresh token encrypted as a
/// fallback for <see cref="WixMigrationOptions.KeepRefreshTokens"/>. An instance Wix no longer knows is recorded as
/// removed; any other failure leaves the installation as it was, with the error code. Each switch commits on its own,
/// so a run stopped by Ctrl-C or a crash resumes where it stopped when started again.
/// </summary>
public sealed class WixClientCredentialsMigrator
{
    private const string SelectCandidates = """
        SELECT instance_id FROM wix_installations
         WHERE status = 'installed' AND refresh_token_ciphertext IS NOT NULL
           AND preferred_strategy IS DISTINCT FROM 'client_credentials'
           AND (@instanceId::text IS NULL OR instance_id = @instanceId)
         ORDER BY instance_id
        """;

    // Guarded by the same conditions as the selection: a removal or another run in between wins.
    private const string Switch = """
        UPDATE wix_installations
           SET preferred_strategy = 'client_credentials', strategy = 'client_credentials', migrated_at = @now,
               refresh_token_keep_until = CASE WHEN @keepUntil <= @now THEN NULL ELSE @keepUntil END,
               refresh_token_ciphertext = CASE WHEN @keepUntil <= @now THEN NULL ELSE refresh_token_ciphertext END,
               migration_error = NULL, updated_at = @now, row_version = row_version + 1
         WHERE instance_id = @instanceId AND status = 'installed' AND preferred_strategy IS DISTINCT FROM 'client_credentials'
        """;

    // Wix's answer for an unknown instance is UNCONFIRMED: if the refusal was a mistake (a wrong secret answered as
    // invalid_grant, a fault at Wix) the refresh token is the only way back, so it is copied to quarantine before the
    // removal deletes it; `quarantine restore` puts it back, and the installation with it, if Wix accepts it again.
    private const string QuarantineBeforeRemoval = """
        INSERT INTO wix_quarantined_refresh_tokens (instance_id, refresh_token_ciphertext, error_code, quarantined_at)
        SELECT instance_id, refresh_token_ciphertext, @errorCode, @now FROM wix_installations
         WHERE instance_id = @instanceId AND refresh_token_ciphertext IS NOT NULL
        ON CONFLICT (instance_id) DO UPDATE
           SET refresh_token_ciphertext = EXCLUDED.refresh_token_ciphertext, error_code = EXCLUDED.error_code,
               quarantined_at = EXCLUDED.quarantined_at
        """;

    private const string RecordError = """
        UPDATE wix_installations SET migration_error = @errorCode, updated_at = @now WHERE instance_id = @instanceId
        """;


    private readonly WixPostgresDataSource _dataSource;
    private readonly IWixInstallationStore _store;
    private readonly IWixTokenClient _tokenClient;
    private readonly IOptions<WixAuthOptions> _authOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal WixClientCredentialsMigrator(
        WixPostgresDataSource dataSource, IWixInstallationStore store, IWixTokenClient tokenClient, IOptions<WixAuthOptions> authOptions, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _store = store;
        _tokenClient = tokenClient;
        _authOptions = authOptions;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Migrates every installation still on refresh tokens (or the one named), reporting each as it finishes.</summary>
    public async Task<WixMigrationResult> MigrateAsync(WixMigrationOptions options, IProgress<WixMigrationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxConcurrency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.KeepRefreshTokens, TimeSpan.Zero);

        var purged = options.DryRun ? 0 : await PurgeExpiredRefreshTokensAsync(cancellationToken).ConfigureAwait(false);
        List<string> candidates;
        await using (var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            candidates = (await connection.QueryAsync<string>(new CommandDefinition(
                SelectCandidates, new { instanceId = options.InstanceId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        }

        var outcomes = new ConcurrentQueue<WixMigrationOutcome>();
        var pacer = new Pacer(_timeProvider, TimeSpan.FromSeconds(1 / options.MaxPerSecond));
        await Parallel.ForEachAsync(
            candidates,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
            async (instanceId, ct) =>
            {
                await pacer.WaitAsync(ct).ConfigureAwait(false);
                var outcome = await MigrateOneAsync(instanceId, options, ct).ConfigureAwait(false);
                outcomes.Enqueue(outcome);
                MigrationLog.InstanceMigration(_logger, instanceId, outcome.Kind, outcome.ErrorCode);
                progress?.Report(new WixMigrationProgress(outcomes.Count, candidates.Count, outcome));
            }).ConfigureAwait(false);

        var result = new WixMigrationResult(outcomes.ToArray(), purged);
        MigrationLog.MigrationDone(_logger, result.Migrated, result.NotInstalled, result.Failed, options.DryRun);
        return result;
    }

    /// <summary>Deletes the kept refresh tokens of migrated installations whose keep date has passed; returns how many.</summary>
    public async Task<int> PurgeExpiredRefreshTokensAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await KeptRefreshTokens.PurgeAsync(connection, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<WixMigrationOutcome> MigrateOneAsync(string instanceId, WixMigrationOptions options, CancellationToken cancellationToken)
    {
        WixTokenResponse token;
        try
        {
            token = await _tokenClient.RequestClientCredentialsTokenAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (WixTokenException ex) when (IsUnknownInstance(ex))
        {
            if (!options.DryRun)
            {
                // Copied first, removed second: a crash in between leaves the token in both places, never in neither.
                await using (var quarantine = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
                {
                    await quarantine.ExecuteAsync(new CommandDefinition(
                        QuarantineBeforeRemoval,
                        new { instanceId, errorCode = WixRefreshTokenQuarantine.NotInstalledErrorPrefix + ErrorCode(ex), now = _timeProvider.GetUtcNow() },
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await _store.MarkRemovedAsync(instanceId, cancellationToken).ConfigureAwait(false);
            }

            return new WixMigrationOutcome(instanceId, WixMigrationOutcomeKind.NotInstalled, ErrorCode(ex));
        }
        catch (WixTokenException ex)
        {
            return await FailAsync(instanceId, ErrorCode(ex), options, cancellationToken).ConfigureAwait(false);
        }

        WixTokenInfo info;
        try
        {
            info = await _tokenClient.GetTokenInfoAsync(token.AccessToken, cancellationToken).ConfigureAwait(false);
        }
        catch (WixTokenException ex)
        {
            return await FailAsync(instanceId, "token_info_" + ErrorCode(ex), options, cancellationToken).ConfigureAwait(false);
        }

        if (!info.Active || !string.Equals(info.InstanceId, instanceId, StringComparison.Ordinal)
            || !string.Equals(info.ClientId, _authOptions.Value.AppId, StringComparison.Ordinal))
        {
            // Never switch on a token that is not provably for this instance and this app (wix-protocol.md §16).
            return await FailAsync(instanceId, info.Active ? "token_info_mismatch" : "token_info_inactive", options, cancellationToken).ConfigureAwait(false);
        }

        if (options.DryRun)
        {
            return new WixMigrationOutcome(instanceId, WixMigrationOutcomeKind.WouldMigrate, null);
        }

        var now = _timeProvider.GetUtcNow();
        await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var switched = await connection.ExecuteAsync(new CommandDefinition(
            Switch, new { instanceId, now, keepUntil = now + options.KeepRefreshTokens }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return switched == 1
            ? new WixMigrationOutcome(instanceId, WixMigrationOutcomeKind.Migrated, null)
            : new WixMigrationOutcome(instanceId, WixMigrationOutcomeKind.Failed, "changed_meanwhile");
    }

    private async Task<WixMigrationOutcome> FailAsync(string instanceId, string errorCode, WixMigrationOptions options, CancellationToken cancellationToken)
    {
        if (!options.DryRun)
        {
            await using var connection = await _dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                RecordError, new { instanceId, errorCode, now = _timeProvider.GetUtcNow() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return new WixMigrationOutcome(instanceId, WixMigrationOutcomeKind.Failed, errorCode);
    }

    // Wix's answer for an instance it does not know is UNCONFIRMED (wix-protocol.md §1): invalid_grant, or a 404.
    private static bool IsUnknownInstance(WixTokenException ex) =>
        ex.Kind == WixTokenErrorKind.InvalidGrant || (ex.Kind == WixTokenErrorKind.InvalidRequest && ex.StatusCode == 404);

    private static string ErrorCode(WixTokenException ex) =>
        ex.Error ?? (ex.StatusCode is { } status ? $"http_{status}" : ex.Kind.ToString().ToLowerInvariant());

    /// <summary>Spaces the starts of the instances evenly, whatever the concurrency.</summary>
    private sealed class Pacer(TimeProvider timeProvider, TimeSpan interval)
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = timeProvider.GetUtcNow();
                var slot = _next > now ? _next : now;
                _next = slot + interval;
                wait = slot - now;
            }

            return wait > TimeSpan.Zero ? Task.Delay(wait, timeProvider, cancellationToken) : Task.CompletedTask;
        }
    }
}
