namespace Wix.Auth.PostgreSql;

/// <summary>
/// The second-level token cache in PostgreSQL (<c>WixAuth:Postgres:SharedTokenCache</c>): access tokens shared by every
/// process on the database, each encrypted with Data Protection, so a cluster asks Wix once per instance per token life.
/// </summary>
public sealed class WixSharedTokenCacheOptions
{
    /// <summary>
    /// Use the shared cache (<c>WixAuth__Postgres__SharedTokenCache__Enabled</c>). Default false for an embedding app (one
    /// table write per token acquired; turn it on when several processes serve one app); the Wix.Auth server turns it on
    /// unless configured otherwise.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How long a process's claim to ask Wix for an instance holds; the others wait for its token meanwhile, and may claim
    /// after it (a crashed or stalled claimant). Longer than a normal Wix answer, shorter than a caller's patience.
    /// Default 10 seconds.
    /// </summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most time one lookup, claim or write waits for the database (a pool wait included) before it counts as a miss and
    /// the token comes from Wix instead. Default 2 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After the database failed (refused or dropped the connection, or did not answer a statement within
    /// <see cref="Timeout"/>), how long the shared cache is skipped (memory and Wix serve alone) before it is tried again.
    /// A wait for a pooled connection past <see cref="Timeout"/> is this host's own load, not an outage, and skips
    /// nothing. Default 5 seconds.
    /// </summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(5);
}
