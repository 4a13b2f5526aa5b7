using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests.Framework;

/// <summary>Builds the real Wix.Auth registration against a simulator or another local server.</summary>
internal static class WixAuthServices
{
    public static ServiceProvider Build(WixSimulator simulator, Action<WixAuthOptions>? tweak = null, TimeProvider? time = null, Action<IServiceCollection>? more = null) =>
        Build(simulator.BaseUrl, simulator.Control.AppId, simulator.Control.AppSecret, tweak, time, more);

    public static ServiceProvider Build(Uri baseUrl, string appId, string appSecret, Action<WixAuthOptions>? tweak = null, TimeProvider? time = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddWixAuth(o =>
        {
            o.AppId = appId;
            o.AppSecret = appSecret;
            o.ApiBaseUrl = baseUrl;
            o.MaxRetryAttempts = 3;
            // Generous on purpose: tests here count upstream requests exactly, and on a loaded CI machine a first request
            // (JIT, connection set-up) once took longer than 5 s, was retried by the attempt timeout and counted twice.
            // Tests of the timeout itself set their own.
            o.HttpAttemptTimeout = TimeSpan.FromSeconds(20);
            tweak?.Invoke(o);
        }).AddClientCredentials();
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
