using System.Buffers.Text;
using System.Text;
using Dapper;
using Npgsql;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>Reads what is really in the tables, bypassing the store.</summary>
internal static class StoreAssertions
{
    public static async Task<string?> CiphertextAsync(NpgsqlDataSource dataSource, string instanceId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string?>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @instanceId", new { instanceId });
    }

    /// <summary>Every byte of the installations table as text, to search for a plaintext token.</summary>
    public static async Task<string> RawTableAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>("SELECT t::text FROM wix_installations t");
        return string.Join('\n', rows);
    }

    public static async Task<long> AdvisoryLocksAsync(NpgsqlDataSource dataSource, bool granted)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM pg_locks
             WHERE locktype = 'advisory' AND granted = @granted
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, new { granted });
    }

    /// <summary>The Data Protection key a payload was protected with: bytes 4–19, after the magic header.</summary>
    public static Guid KeyIdOf(string ciphertext) => new(Base64Url.DecodeFromChars(ciphertext).AsSpan(4, 16));

    public static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
