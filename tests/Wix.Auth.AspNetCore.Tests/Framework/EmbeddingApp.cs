using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wix.Auth.Testing.Logging;

namespace Wix.Auth.AspNetCore.Tests.Framework;

/// <summary>
/// An app that embeds Wix.Auth as its README shows, on a real loopback port: endpoints protected by the Wix access-token
/// scheme, one that elevates, one that calls the Wix API (the simulator) as the user.
/// </summary>
public sealed class EmbeddingApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddingApp(WebApplication app, Uri baseUrl, RecordingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseUrl };
    }

    public HttpClient Client { get; }

    public RecordingLoggerProvider Logs { get; }

    public static async Task<EmbeddingApp> StartAsync(Uri wixApiBaseUrl, string appId, string appSecret)
    {
        var logs = new RecordingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddWixAuth(o =>
        {
            o.AppId = appId;
            o.AppSecret = appSecret;
            o.ApiBaseUrl = wixApiBaseUrl;
            o.MaxRetryAttempts = 0;
        }).AddClientCredentials();
        builder.Services.AddAuthentication().AddWixAccessToken();
        builder.Services.AddAuthorization(o => o.AddPolicy("wix-user", p => p.RequireWixSubjectType(WixSubjectType.User)));
        builder.Services.AddHttpClient("wix-as-user", c => c.BaseAddress = wixApiBaseUrl).AddWixUserTokenForwarding();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (HttpContext c) => Results.Json(new Dictionary<string, string?>
        {
            ["instance"] = c.User.FindFirst(WixClaimTypes.InstanceId)?.Value,
            ["subject_type"] = c.User.FindFirst(WixClaimTypes.SubjectType)?.Value,
            ["subject_id"] = c.User.Identity?.Name,
            ["site"] = c.User.FindFirst(WixClaimTypes.SiteId)?.Value,
            ["is_user_role"] = c.User.IsInRole("USER").ToString(),
        })).RequireAuthorization("wix-user");
        app.MapPost("/elevate", async (HttpContext c, IWixTokenElevator elevator, CancellationToken ct) =>
        {
            var token = await elevator.ElevateAsync(c.GetWixIdentity()!, ct);
            return Results.Json(new Dictionary<string, string> { ["instance"] = token.InstanceId, ["token"] = token.AccessToken });
        }).RequireAuthorization("wix-user");
        app.MapGet("/site-as-user", async (IHttpClientFactory clients, CancellationToken ct) =>
        {
            using var response = await clients.CreateClient("wix-as-user").GetAsync(new Uri("apps/v1/instance", UriKind.Relative), ct);
            return Results.Text(await response.Content.ReadAsStringAsync(ct), statusCode: (int)response.StatusCode);
        }).RequireAuthorization(p => p.AddAuthenticationSchemes(WixAccessTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        app.MapGet("/unprotected-as-user", async (IHttpClientFactory clients, CancellationToken ct) =>
        {
            using var response = await clients.CreateClient("wix-as-user").GetAsync(new Uri("apps/v1/instance", UriKind.Relative), ct);
            return Results.StatusCode((int)response.StatusCode);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddingApp(app, new Uri(address.TrimEnd('/') + "/"), logs);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? authorization) => SendAsync(HttpMethod.Get, path, authorization);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? authorization)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Client.SendAsync(request);
    }

    public static async Task<Dictionary<string, string?>> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<Dictionary<string, string?>>())!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
