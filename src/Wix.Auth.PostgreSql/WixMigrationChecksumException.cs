namespace Wix.Auth.PostgreSql;

/// <summary>
/// An already applied migration file no longer matches what the database recorded: someone edited a released
/// migration. Start-up stops rather than run against a schema nobody can describe; add a new numbered file instead.
/// </summary>
public sealed class WixMigrationChecksumException : InvalidOperationException
{
    /// <summary>Creates the exception for one edited file.</summary>
    public WixMigrationChecksumException(string fileName, string recordedChecksum, string currentChecksum)
        : base($"Migration '{fileName}' was edited after it was applied (recorded checksum {recordedChecksum}, file now {currentChecksum}). Revert the edit and add a new migration file instead.")
    {
        FileName = fileName;
    }

    /// <summary>Creates the exception.</summary>
    public WixMigrationChecksumException()
    {
        FileName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public WixMigrationChecksumException(string message)
        : base(message)
    {
        FileName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public WixMigrationChecksumException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
    }

    /// <summary>The edited migration file.</summary>
    public string FileName { get; }
}
