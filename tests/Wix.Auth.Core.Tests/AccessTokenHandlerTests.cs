using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Core.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests;

public sealed class AccessTokenHandlerTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private WixSimulator Sim => fixture.Simulator;

    [Fact]
    public async Task Api_call_carries_the_raw_token_of_the_request_instance()
    {
        await using var services = BuildWithApiClient();
        var instance = Sim.Control.CreateInstalledInstance();
        var api = services.GetRequiredService<IHttpClientFactory>().CreateClient("wix-api");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/apps/v1/instance").SetWixInstanceId(instance);
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await services.GetRequiredService<IWixTokenManager>().GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.Equal(token.AccessToken, string.Join(",", request.Headers.GetValues("Authorization")));
        Assert.Contains(instance, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_invalidates_the_token_and_retries_once_with_a_fresh_one()
    {
        await using var services = BuildWithApiClient();
        var instance = Sim.Control.CreateInstalledInstance();
        var manager = services.GetRequiredService<IWixTokenManager>();
        var stale = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Sim.Control.ExpireAccessTokens(instance);
        var before = Sim.Control.Counters.ClientCredentials;
        var api = services.GetRequiredService<IHttpClientFactory>().CreateClient("wix-api");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/apps/v1/instance").SetWixInstanceId(instance);
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Sim.Control.Counters.ClientCredentials - before);
        var fresh = await manager.GetAccessTokenAsync(instance, CancellationToken.None);
        Assert.NotEqual(stale.AccessToken, fresh.AccessToken);
    }

    [Fact]
    public async Task A_request_without_an_instance_is_refused_before_anything_is_sent()
    {
        await using var services = BuildWithApiClient();
        var api = services.GetRequiredService<IHttpClientFactory>().CreateClient("wix-api");

        await Assert.ThrowsAsync<InvalidOperationException>(() => api.GetAsync(new Uri("/apps/v1/instance", UriKind.Relative)));
    }

    [Fact]
    public async Task A_second_401_is_returned_without_a_third_attempt_and_the_body_is_resent()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var api = await MisbehavingServer.StartAsync(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            bodies.Enqueue(await reader.ReadToEndAsync());
            ctx.Response.StatusCode = 401;
        });
        await using var services = WixAuthServices.Build(Sim, more: s => s.AddHttpClient("always-401", c => c.BaseAddress = api.BaseUrl).AddWixAccessTokenHandler());
        var instance = Sim.Control.CreateInstalledInstance();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("always-401");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/apps/v1/bi-event") { Content = new StringContent("{\"eventName\":\"X\"}") }.SetWixInstanceId(instance);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, api.Requests);
        Assert.Equal(["{\"eventName\":\"X\"}", "{\"eventName\":\"X\"}"], bodies.ToArray());
    }

    private ServiceProvider BuildWithApiClient() =>
        WixAuthServices.Build(Sim, more: services => services.AddHttpClient("wix-api", c => c.BaseAddress = Sim.BaseUrl).AddWixAccessTokenHandler());
}
