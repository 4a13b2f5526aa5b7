using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// Our own handle on the data source, so registering it never collides with an <see cref="NpgsqlDataSource"/> the
/// embedding app registers for its own database.
/// </summary>
internal sealed class WixPostgresDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
