using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// How a <c>wix_shared_tokens</c> row (migration 0013) is read and written on a connection the caller holds: a pooled
/// one for the shared token cache (<see cref="PostgresSharedTokenCache"/>), or the refresh lease's own, inside its
/// transaction (<see cref="PostgresRefreshLease"/>), so that the next holder of the lease finds the token the previous one
/// refreshed without a second connection from a pool that may be exhausted. The token is Data Protection ciphertext
/// whose purpose includes the instance ID; it is served only under the installation's current generation and before its
/// <c>refresh_at</c>.
/// </summary>
internal sealed class SharedTokenRows(IDataProtectionProvider protection, ILogger<SharedTokenRows> logger)
{
    /// <summary>The servable shared token of <c>@instanceId</c> at <c>@now</c>, as a <c>FROM</c> and <c>WHERE</c> (aliases <c>t</c> and <c>i</c>).</summary>
    public const string Servable = """
        SELECT 1 FROM wix_shared_tokens t JOIN wix_installations i ON i.instance_id = t.instance_id
         WHERE t.instance_id = @instanceId AND t.generation = i.generation AND i.status = 'installed' AND t.refresh_at > @now
        """;

    private const string Select = """
        SELECT t.generation AS Generation, t.token_ciphertext AS Ciphertext, t.strategy AS Strategy,
               t.expires_at AS ExpiresAt, t.refresh_at AS RefreshAt
          FROM wix_shared_tokens t JOIN wix_installations i ON i.instance_id = t.instance_id
         WHERE t.instance_id = @instanceId AND t.generation = i.generation AND i.status = 'installed' AND t.refresh_at > @now
        """;

    // Written only under the installation's current generation (a removal since the token was asked for wins), and never
    // over a token of a newer generation or a later expiry; the writer's claim (if any) goes in the same statement.
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

    /// <summary>The shared token of <paramref name="instanceId"/> if one is servable at <paramref name="now"/>; null when none, or when it cannot be decrypted.</summary>
    public async Task<WixSharedToken?> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select, new { instanceId, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
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
            // Useless to every process, and it would refuse every claim until it expires: deleted, if still that one.
            StoreLog.SharedTokenUndecryptable(logger, instanceId);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM wix_shared_tokens WHERE instance_id = @instanceId AND token_ciphertext = @ciphertext",
                new { instanceId, ciphertext = row.Ciphertext }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return null;
        }

        var token = new WixAccessToken(instanceId, accessToken, Utc(row.ExpiresAt), row.Strategy) { Generation = row.Generation };
        return new WixSharedToken(token, Utc(row.RefreshAt));
    }

    /// <summary>Writes <paramref name="entry"/> (see <see cref="Publish"/>) and deletes <paramref name="owner"/>'s claim on the instance; null deletes none.</summary>
    public Task<int> PublishAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, WixSharedToken entry, Guid? owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = entry.Token;
        return connection.ExecuteAsync(new CommandDefinition(
            Publish,
            new
            {
                instanceId = token.InstanceId,
                owner,
                generation = token.Generation,
                ciphertext = Protector(token.InstanceId).Protect(token.AccessToken),
                strategy = token.Strategy,
                expiresAt = token.ExpiresAt,
                refreshAt = entry.RefreshAt,
                now,
            },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Whether <paramref name="ciphertext"/> is <paramref name="accessToken"/> of <paramref name="instanceId"/>; an undecryptable one counts as a match (it is useless to everyone).</summary>
    public bool IsOrUndecryptable(string instanceId, string ciphertext, string accessToken)
    {
        try
        {
            return string.Equals(Protector(instanceId).Unprotect(ciphertext), accessToken, StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return true;
        }
    }

    private IDataProtector Protector(string instanceId) => protection.CreateProtector(WixDataProtectionPurposes.SharedAccessToken, instanceId);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

    private sealed class Row
    {
        public long Generation { get; set; }

        public string Ciphertext { get; set; } = string.Empty;

        public string Strategy { get; set; } = string.Empty;

        public DateTime ExpiresAt { get; set; }

        public DateTime RefreshAt { get; set; }
    }
}
