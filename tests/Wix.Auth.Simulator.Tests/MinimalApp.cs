using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wix.Auth.Simulator.Tests;

/// <summary>
/// The smallest app that speaks the legacy handshake (wix-protocol.md §3.2), written straight from the protocol so the
/// simulator's browser side can be tested end to end without our library. It also receives webhooks.
/// </summary>
internal sealed class MinimalApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _wix;

    private MinimalApp(WebApplication app, HttpClient wix, Uri baseUrl)
    {
        _app = app;
        _wix = wix;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri AppUrl => new(BaseUrl, "/install");

    public Uri RedirectUrl => new(BaseUrl, "/oauth/callback");

    public Uri WebhookUrl => new(BaseUrl, "/webhooks");

    /// <summary>Refresh tokens received, by instance.</summary>
    public ConcurrentDictionary<string, string> RefreshTokens { get; } = new();

    /// <summary>Raw webhook bodies received.</summary>
    public ConcurrentQueue<string> Webhooks { get; } = new();

    /// <summary>How many webhook requests to answer 500 before answering 200.</summary>
    public int WebhookFailuresLeft;

    public static async Task<MinimalApp> StartAsync(WixSimulator wix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var client = new HttpClient { BaseAddress = wix.BaseUrl };
        MinimalApp? self = null;
        app.MapGet("/install", (string? token) =>
        {
            var query = $"appId={wix.Control.AppId}&redirectUrl={Uri.EscapeDataString(self!.RedirectUrl.ToString())}&state=s-1";
            if (token is not null)
            {
                query += "&token=" + Uri.EscapeDataString(token);
            }

            return Results.Redirect(new Uri(wix.BaseUrl, "/installer/install?" + query).ToString());
        });
        app.MapGet("/oauth/callback", async (string code, string? state, string instanceId) =>
        {
            if (state != "s-1")
            {
                return Results.BadRequest("state mismatch");
            }

            using var response = await client.PostAsJsonAsync("/oauth/access", new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["client_id"] = wix.Control.AppId, ["client_secret"] = wix.Control.AppSecret, ["code"] = code,
            });
            if (!response.IsSuccessStatusCode)
            {
                return Results.StatusCode(502);
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            self!.RefreshTokens[instanceId] = body.GetProperty("refresh_token").GetString()!;
            var accessToken = body.GetProperty("access_token").GetString()!;
            return Results.Redirect(new Uri(wix.BaseUrl, "/installer/close-window?access_token=" + Uri.EscapeDataString(accessToken)).ToString());
        });
        app.MapPost("/webhooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            self!.Webhooks.Enqueue(await reader.ReadToEndAsync());
            return Interlocked.Decrement(ref self.WebhookFailuresLeft) >= 0 ? Results.StatusCode(500) : Results.Ok();
        });
        await app.StartAsync();
        self = new MinimalApp(app, client, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        _wix.Dispose();
        await _app.DisposeAsync();
    }
}
