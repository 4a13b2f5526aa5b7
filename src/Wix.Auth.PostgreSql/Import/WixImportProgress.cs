namespace Wix.Auth.PostgreSql;

/// <summary>Reported after each batch of an import.</summary>
/// <param name="Done">Instances handled so far.</param>
/// <param name="Total">Instances in the input.</param>
public sealed record WixImportProgress(int Done, int Total);
