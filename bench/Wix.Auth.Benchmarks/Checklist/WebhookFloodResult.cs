namespace Wix.Auth.Benchmarks.Checklist;

/// <summary>
/// What one L4 flood measured. Statements are the hosts' top-level statements in the scenario's database as
/// <c>pg_stat_statements</c> counts them (BEGIN, COMMIT and ROLLBACK included; null when the extension is not loaded);
/// transactions are the database's commits and rollbacks and WAL syncs the cluster's fsyncs of the WAL, both read
/// after the host stopped, so every session's counters are in.
/// </summary>
internal sealed record WebhookFloodResult(
    string Label,
    int Deliveries,
    int DistinctEvents,
    int Ok,
    string OtherAnswers,
    double P50,
    double P90,
    double P99,
    double Max,
    double PerSecond,
    double Seconds,
    long InboxRows,
    string Outcomes,
    long EffectsWritten,
    int Applied,
    long OnNewestPlan,
    int Instances,
    string PeakConnections,
    long? Statements,
    string TopStatements,
    long Commits,
    long Rollbacks,
    long WalSyncs,
    string LoadBefore,
    string LoadAfter);
