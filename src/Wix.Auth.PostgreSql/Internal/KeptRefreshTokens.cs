using Dapper;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// A migrated installation keeps its refresh token only as a fallback, until <c>refresh_token_keep_until</c>; after
/// that it is deleted (by the retention service's timer and at the start of every migration run).
/// </summary>
internal static class KeptRefreshTokens
{
    public const string Purge = """
        UPDATE wix_installations
           SET refresh_token_ciphertext = NULL, refresh_token_keep_until = NULL, updated_at = @now, row_version = row_version + 1
         WHERE refresh_token_keep_until <= @now AND refresh_token_ciphertext IS NOT NULL
           AND preferred_strategy = 'client_credentials'
        """;

    public static Task<int> PurgeAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(Purge, new { now }, cancellationToken: cancellationToken));
}
