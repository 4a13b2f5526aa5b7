namespace Wix.Auth.Host.Commands;

/// <summary>
/// One-off operator commands run instead of the server: <c>dotnet Wix.Auth.Host.dll migrate</c> and
/// <c>dotnet Wix.Auth.Host.dll reencrypt-refresh-tokens [--batch-size N]</c>, <c>rotate-key-certificate</c>, <c>quarantine list|restore</c>, <c>import-installations</c>, <c>migrate-to-client-credentials</c>. Same configuration as the server.
/// </summary>
internal static class HostCommands
{
    public const string Migrate = "migrate";
    public const string ReencryptRefreshTokens = "reencrypt-refresh-tokens";
    public const string CreateKeyCertificate = "create-key-certificate";
    public const string RotateKeyCertificate = "rotate-key-certificate";
    public const string ImportInstallations = "import-installations";
    public const string MigrateToClientCredentials = "migrate-to-client-credentials";
    public const string Quarantine = "quarantine";

    /// <summary>What <c>--help</c> prints, and what an unknown command is answered with.</summary>
    public const string Usage = """
        usage: Wix.Auth.Host [COMMAND] [--key=value ...]

        Without a command it runs the server (configuration from appsettings.json, environment variables and
        --key=value arguments, e.g. --urls http://localhost:5000).

        Commands (same configuration as the server):
          migrate                                  apply the database migrations, then exit
          reencrypt-refresh-tokens [--batch-size N] [--include-revoked]
                                                   re-protect every stored refresh token under the current key
                                                   (tokens under a revoked key only with --include-revoked)
          import-installations <file.csv | -> [--dry-run] [--overwrite] [--batch-size N]
                                                   import a legacy export (instance_id, refresh_token), all or nothing
          migrate-to-client-credentials [--instance ID] [--dry-run] [--keep-refresh-tokens DAYS]
                                   [--concurrency N] [--rate PER_SECOND]
                                                   switch installations to client credentials once Wix confirms
                                                   them; exit code 1 only when one failed
          quarantine list                          list the refresh tokens Wix refused (kept, not deleted)
          quarantine restore [instanceId ...]      present them (or the named ones) to Wix again; put back those
                                                   it accepts
          create-key-certificate <path.pfx>        write a self-signed key-encryption certificate (password from
                                                   WixAuth__DataProtection__CertificatePassword)
          rotate-key-certificate                   re-encrypt the stored key ring under the current certificate
                                                   (WixAuth__DataProtection__CertificatePath), decrypting with
                                                   WixAuth__DataProtection__PreviousCertificates__N__Path/__Password;
                                                   says when the previous certificate is no longer needed
          --help                                   print this text
        """;

    /// <summary>True when <paramref name="args"/> starts with a command name rather than a server option.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && args[0] is Migrate or ReencryptRefreshTokens or RotateKeyCertificate or ImportInstallations or MigrateToClientCredentials or Quarantine;

    /// <summary>True when <paramref name="args"/> asks for the usage text.</summary>
    public static bool IsHelp(string[] args) =>
        args.Length > 0 && args[0] is "--help" or "-h" or "help";

    /// <summary>
    /// True when <c>args[0]</c> is a word that is neither a command nor a server option: a typo such as <c>migrat</c>
    /// must not silently start the server. Options start with a dash; configuration may also be given as <c>key=value</c>.
    /// </summary>
    public static bool IsUnknownCommand(string[] args) =>
        args.Length > 0
        && !args[0].StartsWith('-')
        && !args[0].Contains('=', StringComparison.Ordinal)
        && !IsCommand(args)
        && args[0] != CreateKeyCertificate;

    /// <summary>Runs the command named by <c>args[0]</c> on the composed services; returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        return args[0] switch
        {
            Migrate => await MigrateCommand.RunAsync(app.Services, cancellationToken),
            ReencryptRefreshTokens => await ReencryptCommand.RunAsync(app.Services, args[1..], cancellationToken),
            RotateKeyCertificate => await RotateKeyCertificateCommand.RunAsync(app.Services, cancellationToken),
            ImportInstallations => await ImportInstallationsCommand.RunAsync(app.Services, args[1..], cancellationToken),
            MigrateToClientCredentials => await MigrateToClientCredentialsCommand.RunAsync(app.Services, args[1..], cancellationToken),
            Quarantine => await QuarantineCommand.RunAsync(app.Services, args[1..], cancellationToken),
            _ => 2,
        };
    }
}
