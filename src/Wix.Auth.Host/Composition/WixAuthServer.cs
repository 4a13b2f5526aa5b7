using Wix.Auth.Host.Commands;
using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Composition;

/// <summary>
/// The server as a callable unit: <see cref="Build"/> composes it (the tests start it on a loopback port with extra
/// configuration), <see cref="RunAsync"/> is the whole program — a command or the server.
/// </summary>
internal static class WixAuthServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (HostCommands.IsHelp(args))
        {
            Console.WriteLine(HostCommands.Usage);
            return 0;
        }

        if (HostCommands.IsUnknownCommand(args))
        {
            Console.Error.WriteLine($"Unknown command '{args[0]}'.");
            Console.Error.WriteLine(HostCommands.Usage);
            return 2;
        }

        if (args.Length > 0 && args[0] == HostCommands.CreateKeyCertificate)
        {
            // Needs no configuration: it runs before there is a certificate to configure.
            return CreateKeyCertificateCommand.Run(args[1..]);
        }

        if (HostCommands.IsCommand(args))
        {
            await using var commandApp = Build(args[1..].Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray());
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            return await HostCommands.RunAsync(commandApp, args, stop.Token);
        }

        await using var app = Build(args);
        try
        {
            await app.RunAsync();
        }
        catch (Wix.Auth.Advanced.WixKeyRingUndecryptableException ex)
        {
            // Logged as event 3121 already; the operator reading the terminal gets the what-to-do without a stack trace.
            await Console.Error.WriteLineAsync(ex.Message);
            return 3;
        }

        return 0;
    }

    /// <summary>Composes services and pipeline; <paramref name="configure"/> runs before the services are read from configuration.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is where the server's files are (appsettings.json), not wherever it was started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.Logging.AddQuerylessRequestLogging();
        builder.AddWixAuthServer();
        var app = builder.Build();
        app.UseWixAuthServer();
        return app;
    }
}
