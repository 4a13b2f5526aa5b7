namespace Wix.Auth.PostgreSql;

/// <summary>Reported after each installation of a migration run.</summary>
/// <param name="Done">Installations finished so far.</param>
/// <param name="Total">Installations still on refresh tokens when the run started.</param>
/// <param name="Last">The installation just finished.</param>
public sealed record WixMigrationProgress(int Done, int Total, WixMigrationOutcome Last);
