namespace Wix.Auth.Advanced;

/// <summary>Settings of the PostgreSQL installation store. Bound from configuration section <c>WixAuth:Postgres</c> when the host does so.</summary>
public sealed class WixPostgresStoreOptions
{
    /// <summary>The configuration section the host binds these options from.</summary>
    public const string SectionName = "WixAuth:Postgres";

    /// <summary>The Npgsql connection string. Contains a password: never logged or put in an exception.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Apply pending migrations at start-up, before any other hosted service runs. Default true.</summary>
    public bool RunMigrationsAtStartup { get; set; } = true;

    /// <summary>
    /// How long a refresh waits for another process's refresh of the same instance (PostgreSQL <c>lock_timeout</c>).
    /// Default 15 seconds; keep it above the HTTP timeout of one refresh.
    /// </summary>
    public TimeSpan RefreshLockTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
