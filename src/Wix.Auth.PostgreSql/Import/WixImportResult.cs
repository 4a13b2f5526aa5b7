namespace Wix.Auth.PostgreSql;

/// <summary>What an import did (or, on a dry run, would do).</summary>
/// <param name="Total">Distinct instances in the input.</param>
/// <param name="Created">Instances the store did not know, now recorded.</param>
/// <param name="Updated">Known instances changed by <see cref="WixImportOptions.Overwrite"/>.</param>
/// <param name="Unchanged">Known instances left as they were (already identical, or kept without overwrite).</param>
/// <param name="WithRefreshToken">Distinct instances of the input that carry a refresh token.</param>
public sealed record WixImportResult(int Total, int Created, int Updated, int Unchanged, int WithRefreshToken)
{
    /// <summary>True when the import changed nothing (a second run of the same file).</summary>
    public bool NothingChanged => Created == 0 && Updated == 0;
}
