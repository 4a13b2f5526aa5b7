using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;

// Standalone: `dotnet run --project src/Wix.Auth.Simulator`, configured by section "Simulator" (env Simulator__*).
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var options = new WixSimulatorOptions { Urls = configuration["urls"] ?? "http://127.0.0.1:5100" };
configuration.GetSection(WixSimulatorOptions.SectionName).Bind(options);

var app = WixSimulator.Build(options, args);
await app.StartAsync();
app.Services.GetRequiredService<WixSimulatorControl>().BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
Console.WriteLine($"Wix simulator listening on {string.Join(", ", app.Urls)} for app {options.AppId} ({options.AppName}).");
if (string.IsNullOrEmpty(configuration[$"{WixSimulatorOptions.SectionName}:AppSecret"]))
{
    // The secret is never printed; a random one is useless to a separately started app, so say how to choose one.
    Console.WriteLine("App secret: random for this run. Set Simulator__AppSecret to give your app a known secret.");
}

Console.WriteLine($"App Market: {app.Urls.First().TrimEnd('/')}/_simulator/market");
await app.WaitForShutdownAsync();

// Internal on purpose: the ASP.NET Core SDK would otherwise generate a public global `Program` for test hosts, and
// this assembly ships as a package: every app that references it would then have two `Program` types (CS0433).
internal partial class Program;
