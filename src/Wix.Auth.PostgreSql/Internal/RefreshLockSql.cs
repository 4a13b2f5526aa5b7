namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The per-instance lock every writer of an installation's refresh token takes (the refresh lease, the re-encryptor,
/// quarantine restore): one key derivation, so they can never lock different keys for the same instance.
/// Transaction-scoped, so commit, rollback or a dead connection releases it. The statements take <c>@instanceId</c>.
/// </summary>
internal static class RefreshLockSql
{
    /// <summary>Waits for the instance's lock (bounded by the transaction's <c>lock_timeout</c>).</summary>
    public const string Acquire = "SELECT pg_advisory_xact_lock(" + Key + ")";

    /// <summary>Takes the instance's lock if it is free; answers whether it was taken.</summary>
    public const string TryAcquire = "SELECT pg_try_advisory_xact_lock(" + Key + ")";

    private const string Key = "hashtextextended('wix-refresh:' || @instanceId, 0)";
}
