namespace Wix.Auth.PostgreSql;

/// <summary>What a migration run did.</summary>
/// <param name="Outcomes">One entry per installation looked at, in the order they finished.</param>
/// <param name="PurgedRefreshTokens">Kept refresh tokens past their date, deleted at the start of the run.</param>
public sealed record WixMigrationResult(IReadOnlyList<WixMigrationOutcome> Outcomes, int PurgedRefreshTokens)
{
    /// <summary>Installations switched to client credentials (or, on a dry run, that would be).</summary>
    public int Migrated => Outcomes.Count(o => o.Kind is WixMigrationOutcomeKind.Migrated or WixMigrationOutcomeKind.WouldMigrate);

    /// <summary>Instances Wix no longer knows, recorded as removed.</summary>
    public int NotInstalled => Outcomes.Count(o => o.Kind == WixMigrationOutcomeKind.NotInstalled);

    /// <summary>Installations that could not be verified and were kept as they were.</summary>
    public int Failed => Outcomes.Count(o => o.Kind == WixMigrationOutcomeKind.Failed);
}
