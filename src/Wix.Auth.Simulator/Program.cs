using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;

// Standalone: `dotnet run --project src/Wix.Auth.Simulator`, configured by section "Simulator" (env Simulator__*).
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var options = new WixSimulatorOptions { Urls = configuration["urls"] ?? "http://127.0.0.1:5100" };
configuration.GetSection(WixSimulatorOptions.SectionName).Bind(options);

var app = WixSimulator.Build(options, args);
await app.StartAsync();
app.Services.GetRequiredService<WixSimulatorControl>().BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
Console.WriteLine($"Wix simulator listening on {string.Join(", ", app.Urls)} for app {options.AppId} ({options.AppName}).");
Console.WriteLine($"App Market: {app.Urls.First().TrimEnd('/')}/_simulator/market");
await app.WaitForShutdownAsync();
