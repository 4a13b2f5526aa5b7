namespace Wix.Auth.PostgreSql;

/// <summary>How <see cref="WixInstallationImporter"/> treats instances the store already knows.</summary>
public sealed class WixImportOptions
{
    /// <summary>
    /// False (default): an instance already known keeps what it has. True: its refresh token is replaced by the imported
    /// one (an identical token changes nothing) and a removed installation is marked installed again.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>Rows written per statement; progress is reported after each batch. Default 500.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>True: everything is worked out and reported, then rolled back (nothing is written).</summary>
    public bool DryRun { get; init; }
}
