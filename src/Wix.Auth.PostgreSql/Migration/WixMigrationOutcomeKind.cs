namespace Wix.Auth.PostgreSql;

/// <summary>What happened to one installation in a migration run.</summary>
public enum WixMigrationOutcomeKind
{
    /// <summary>Client credentials confirmed by Token Info; the installation now prefers them.</summary>
    Migrated,

    /// <summary>Dry run: it would have been migrated.</summary>
    WouldMigrate,

    /// <summary>Wix no longer knows the instance (client credentials refused as an unknown grant): recorded as removed.</summary>
    NotInstalled,

    /// <summary>Could not be verified (error code given); the installation is kept exactly as it was.</summary>
    Failed,
}
