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
    /// Must exceed <c>Wix:HttpTotalTimeout</c> (checked at start): the other process holds the lock while Wix answers it,
    /// retries included, and a waiter that gave up earlier would fail although the refresh was about to succeed.
    /// Default 45 seconds (the HTTP total timeout defaults to 30).
    /// </summary>
    public TimeSpan RefreshLockTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Most connections this process opens to the database (Npgsql's <c>Maximum Pool Size</c>), used when the
    /// connection string names none. A request finding the pool full waits for a connection (at most the connection
    /// string's <c>Timeout</c>, 15 seconds by default) rather than failing. Default 20: three hosts stay well inside a
    /// stock PostgreSQL's <c>max_connections</c> of 100. Npgsql's own default, 100 per process, would let one host take
    /// every connection.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// PostgreSQL <c>statement_timeout</c> of our sessions: no statement of ours runs longer. Must exceed
    /// <see cref="RefreshLockTimeout"/> (waiting for the refresh lock is one statement). Default 60 seconds.
    /// </summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// PostgreSQL <c>idle_in_transaction_session_timeout</c> of our sessions: a transaction left open (a process
    /// stalled while holding a refresh lease) is ended by the server, which releases its lock. Must exceed
    /// <c>Wix:HttpTotalTimeout</c>: a refresh lease is idle in its transaction while Wix answers. Default 60 seconds.
    /// </summary>
    public TimeSpan IdleInTransactionSessionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the hash of a redeemed authorization code is kept to refuse its replay. Wix codes live 10 minutes,
    /// after which Wix itself refuses them; default one day.
    /// </summary>
    public TimeSpan RedeemedCodeRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long received webhook event IDs are kept to drop re-deliveries. Wix re-delivers for about 47 hours;
    /// default 7 days. Must exceed <c>Wix:Webhooks:RedeliveryWindow</c> by more than twice <c>Wix:Webhooks:ClockSkew</c>
    /// (checked at start): a late re-delivery is applied once only while the inbox still holds its first delivery.
    /// </summary>
    public TimeSpan WebhookEventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a refresh token Wix refused (<c>invalid_grant</c>) is kept in quarantine, restorable by the operator
    /// (<c>quarantine restore</c>), before it is purged (<c>WixAuth__Postgres__RevokedRefreshTokenRetention</c>). Default 30 days.
    /// </summary>
    public TimeSpan RevokedRefreshTokenRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a notification no process ever tried to send is kept (<c>WixAuth__Postgres__UnsentNotificationRetention</c>).
    /// The outbox is written by the database in the same transaction as every change, whether or not a notification URL is
    /// configured; without one, events would pile up for ever and a URL configured months later would receive all of them.
    /// Events never attempted within this time are deleted, so the backlog is bounded and a newly configured receiver gets
    /// at most this much history. Events a dispatcher has attempted are never deleted here: they follow
    /// <c>WixAuth:Notifications:RetryFor</c>. Default 3 days; at least 1 hour.
    /// </summary>
    public TimeSpan UnsentNotificationRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long an install handshake may stay between its write-ahead and the end of its code exchange before it is
    /// taken as interrupted (<c>WixAuth__Postgres__InterruptedHandshakeAfter</c>): the process was killed, or lost its
    /// database, while Wix held the answer. Such an installation is already served by client credentials; past this
    /// time the retention timer records it (error code <c>exchange_interrupted</c>), which announces it to the app as
    /// installed and on fallback. Must exceed twice <c>Wix:HttpTotalTimeout</c> (the exchange and Token Info each take up
    /// to that), so a handshake still in flight is never taken for a dead one. Default 5 minutes.
    /// </summary>
    public TimeSpan InterruptedHandshakeAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the expired code hashes, webhook event IDs, quarantined refresh tokens and unsent notifications are
    /// deleted, and interrupted handshakes recorded. Default hourly.
    /// </summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// LISTEN for installation changes (removals, reinstalls) recorded by any process on the database, and drop that
    /// instance's cached token and status within about a second (<c>WixAuth__Postgres__ListenForChanges</c>). Uses one
    /// connection of its own, outside the pool. Default true.
    /// </summary>
    public bool ListenForChanges { get; set; } = true;

    /// <summary>The second-level token cache shared by the processes on the database (<c>WixAuth:Postgres:SharedTokenCache</c>).</summary>
    public WixSharedTokenCacheOptions SharedTokenCache { get; set; } = new();
}
