using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The second-level token cache in <c>wix_shared_tokens</c>, with its claims in <c>wix_token_claims</c> (migration 0013).
/// A token is served only under the installation's current generation and before its <c>refresh_at</c>; a removal or
/// reinstall deletes it in the same transaction (the table's trigger). Every call is one short statement on a pooled
/// connection, bounded by <see cref="WixSharedTokenCacheOptions.Timeout"/>; a failure counts as a miss and the database
/// is left alone for <see cref="WixSharedTokenCacheOptions.RetryAfterFailure"/>, logged once per outage. When the cache
/// is disabled, every call answers at once without the database.
/// </summary>
internal sealed class PostgresSharedTokenCache(
    WixPostgresDataSource dataSource,
    IDataProtectionProvider protection,
    IOptions<WixPostgresStoreOptions> options,
    TimeProvider timeProvider,
    ILogger<PostgresSharedTokenCache> logger) : IWixSharedTokenCache
{
    private const string Select = """
        SELECT t.generation AS Generation, t.token_ciphertext AS Ciphertext, t.strategy AS Strategy,
               t.expires_at AS ExpiresAt, t.refresh_at AS RefreshAt
          FROM wix_shared_tokens t JOIN wix_installations i ON i.instance_id = t.instance_id
         WHERE t.instance_id = @instanceId AND t.generation = i.generation AND i.status = 'installed' AND t.refresh_at > @now
        """;

    private const string Claim = """
        INSERT INTO wix_token_claims (instance_id, owner, expires_at) VALUES (@instanceId, @owner, @until)
        ON CONFLICT (instance_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
         WHERE wix_token_claims.expires_at <= @now OR wix_token_claims.owner = @owner
        RETURNING 1
        """;

    // Written only under the installation's current generation (a removal since the token was asked for wins), and never
    // over a token of a newer generation or a later expiry; the claim goes in the same statement.
    private const string Publish = """
        WITH released AS (DELETE FROM wix_token_claims WHERE instance_id = @instanceId AND owner = @owner)
        INSERT INTO wix_shared_tokens (instance_id, generation, token_ciphertext, strategy, expires_at, refresh_at, written_at)
        SELECT instance_id, @generation, @ciphertext, @strategy, @expiresAt, @refreshAt, @now
          FROM wix_installations WHERE instance_id = @instanceId AND generation = @generation AND status = 'installed'
        ON CONFLICT (instance_id) DO UPDATE
           SET generation = EXCLUDED.generation, token_ciphertext = EXCLUDED.token_ciphertext, strategy = EXCLUDED.strategy,
               expires_at = EXCLUDED.expires_at, refresh_at = EXCLUDED.refresh_at, written_at = EXCLUDED.written_at
         WHERE wix_shared_tokens.generation < EXCLUDED.generation
            OR (wix_shared_tokens.generation = EXCLUDED.generation AND wix_shared_tokens.expires_at <= EXCLUDED.expires_at)
        """;

    private readonly Guid _owner = Guid.NewGuid();
    private long _skipUntilTicks;
    private int _failing;

    private WixSharedTokenCacheOptions Settings => options.Value.SharedTokenCache;

    public async Task<WixSharedToken?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var row = await RunAsync(
            (connection, token) => connection.QuerySingleOrDefaultAsync<SharedTokenRow>(new CommandDefinition(
                Select, new { instanceId, now = timeProvider.GetUtcNow() }, cancellationToken: token)),
            fallback: null,
            cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        string accessToken;
        try
        {
            accessToken = Protector(instanceId).Unprotect(row.Ciphertext);
        }
        catch (CryptographicException)
        {
            StoreLog.SharedTokenUndecryptable(logger, instanceId);
            return null;
        }

        var token = new WixAccessToken(instanceId, accessToken, Utc(row.ExpiresAt), row.Strategy) { Generation = row.Generation };
        return new WixSharedToken(token, Utc(row.RefreshAt));
    }

    public Task<bool> TryClaimAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var now = timeProvider.GetUtcNow();
        return RunAsync(
            async (connection, token) => await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                Claim, new { instanceId, owner = _owner, now, until = now + Settings.ClaimDuration }, cancellationToken: token)).ConfigureAwait(false) == 1,
            fallback: true,
            cancellationToken);
    }

    public Task SetAsync(WixSharedToken entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var token = entry.Token;
        var ciphertext = Settings.Enabled ? Protector(token.InstanceId).Protect(token.AccessToken) : string.Empty;
        return RunAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                Publish,
                new
                {
                    instanceId = token.InstanceId,
                    owner = _owner,
                    generation = token.Generation,
                    ciphertext,
                    strategy = token.Strategy,
                    expiresAt = token.ExpiresAt,
                    refreshAt = entry.RefreshAt,
                    now = timeProvider.GetUtcNow(),
                },
                cancellationToken: ct)),
            fallback: 0,
            cancellationToken);
    }

    public Task ReleaseClaimAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return RunAsync(
            (connection, token) => connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM wix_token_claims WHERE instance_id = @instanceId AND owner = @owner",
                new { instanceId, owner = _owner }, cancellationToken: token)),
            fallback: 0,
            cancellationToken);
    }

    public async Task RemoveAsync(string instanceId, string accessToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(accessToken);
        // Ciphertexts are randomised, so the stored token is decrypted to be compared; deleted only if still that one.
        var rows = await RunAsync(
            async (connection, token) => (await connection.QueryAsync<(string Ciphertext, DateTime WrittenAt)>(new CommandDefinition(
                "SELECT token_ciphertext, written_at FROM wix_shared_tokens WHERE instance_id = @instanceId",
                new { instanceId }, cancellationToken: token)).ConfigureAwait(false)).ToList(),
            fallback: [],
            cancellationToken).ConfigureAwait(false);
        foreach (var (ciphertext, writtenAt) in rows)
        {
            string? stored;
            try
            {
                stored = Protector(instanceId).Unprotect(ciphertext);
            }
            catch (CryptographicException)
            {
                stored = null;
            }

            if (stored is null || string.Equals(stored, accessToken, StringComparison.Ordinal))
            {
                await RunAsync(
                    (connection, token) => connection.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM wix_shared_tokens WHERE instance_id = @instanceId AND written_at = @writtenAt",
                        new { instanceId, writtenAt }, cancellationToken: token)),
                    fallback: 0,
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private IDataProtector Protector(string instanceId) => protection.CreateProtector(WixDataProtectionPurposes.SharedAccessToken, instanceId);

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> call, T fallback, CancellationToken cancellationToken)
    {
        var settings = Settings;
        if (!settings.Enabled || timeProvider.GetUtcNow().UtcTicks < Interlocked.Read(ref _skipUntilTicks))
        {
            return fallback;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            await using var connection = await dataSource.DataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            var result = await call(connection, timeout.Token).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                StoreLog.SharedCacheAvailableAgain(logger);
            }

            return result;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (StoreFailures.IsUnavailable(ex) || ex is OperationCanceledException))
        {
            Interlocked.Exchange(ref _skipUntilTicks, (timeProvider.GetUtcNow() + settings.RetryAfterFailure).UtcTicks);
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                StoreLog.SharedCacheUnavailable(logger, ex.GetType().Name, settings.RetryAfterFailure);
            }

            return fallback;
        }
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

    private sealed class SharedTokenRow
    {
        public long Generation { get; set; }

        public string Ciphertext { get; set; } = string.Empty;

        public string Strategy { get; set; } = string.Empty;

        public DateTime ExpiresAt { get; set; }

        public DateTime RefreshAt { get; set; }
    }
}
