using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;

namespace Wix.Auth.Benchmarks;

/// <summary>The real registration an app would use, pointed at the in-process simulator.</summary>
internal static class ServicesFactory
{
    public static ServiceProvider Build(WixSimulator simulator)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWixAuth(o =>
        {
            o.AppId = simulator.Control.AppId;
            o.AppSecret = simulator.Control.AppSecret;
            o.ApiBaseUrl = simulator.BaseUrl;
        }).AddClientCredentials();
        return services.BuildServiceProvider();
    }
}
