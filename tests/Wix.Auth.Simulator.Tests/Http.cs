using System.Net.Http.Json;
using System.Text.Json;

namespace Wix.Auth.Simulator.Tests;

/// <summary>Small wire helpers: the tests speak raw HTTP to the simulator, the way our client will.</summary>
internal static class Http
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        return (response, await ReadJsonAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(this HttpClient client, string path, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);
        return (response, await ReadJsonAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonWithAuthAsync(this HttpClient client, string path, string authorization, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await client.SendAsync(request);
        return (response, await ReadJsonAsync(response));
    }

    public static Task<(HttpResponseMessage Response, JsonElement Body)> ClientCredentialsAsync(this HttpClient client, WixSimulatorControl control, string instanceId, string? secret = null) =>
        client.PostJsonAsync("/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = control.AppId,
            ["client_secret"] = secret ?? control.AppSecret,
            ["instance_id"] = instanceId,
        });

    public static Task<(HttpResponseMessage Response, JsonElement Body)> RefreshAsync(this HttpClient client, WixSimulatorControl control, string refreshToken, string path = "/oauth/access") =>
        client.PostJsonAsync(path, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = control.AppId,
            ["client_secret"] = control.AppSecret,
            ["refresh_token"] = refreshToken,
        });

    public static Task<(HttpResponseMessage Response, JsonElement Body)> RedeemCodeAsync(this HttpClient client, WixSimulatorControl control, string code) =>
        client.PostJsonAsync("/oauth/access", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = control.AppId,
            ["client_secret"] = control.AppSecret,
            ["code"] = code,
        });

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
