namespace Wix.Auth.Host.Commands;

/// <summary>
/// One-off operator commands run instead of the server: <c>dotnet Wix.Auth.Host.dll migrate</c> and
/// <c>dotnet Wix.Auth.Host.dll reencrypt-refresh-tokens [--batch-size N]</c>. Same configuration as the server.
/// </summary>
internal static class HostCommands
{
    public const string Migrate = "migrate";
    public const string ReencryptRefreshTokens = "reencrypt-refresh-tokens";
    public const string CreateKeyCertificate = "create-key-certificate";

    /// <summary>True when <paramref name="args"/> starts with a command name rather than a server option.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (args[0] == Migrate || args[0] == ReencryptRefreshTokens);

    /// <summary>Runs the command named by <c>args[0]</c> on the composed services; returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        return args[0] switch
        {
            Migrate => await MigrateCommand.RunAsync(app.Services, cancellationToken),
            ReencryptRefreshTokens => await ReencryptCommand.RunAsync(app.Services, args[1..], cancellationToken),
            _ => 2,
        };
    }
}
