namespace Wix.Auth.PostgreSql;

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

    /// <summary>
    /// How long the hash of a redeemed authorization code is kept to refuse its replay. Wix codes live 10 minutes,
    /// after which Wix itself refuses them; default one day.
    /// </summary>
    public TimeSpan RedeemedCodeRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long received webhook event IDs are kept to drop re-deliveries. Wix re-delivers for about 47 hours;
    /// default 7 days.
    /// </summary>
    public TimeSpan WebhookEventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the expired code hashes and webhook event IDs are deleted. Default hourly.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
