using System.Text;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>Posting webhook bodies to the host the way Wix does (the JWT as the raw text body).</summary>
internal static class WebhookPosts
{
    public static async Task<HttpResponseMessage> PostAsync(ServerFixture fixture, string body)
    {
        fixture.Secrets.Add(body);
        using var client = fixture.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        var response = await client.PostAsync(new Uri("/webhooks/wix", UriKind.Relative), content);
        fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
        return response;
    }

    public static string Installed(ServerFixture fixture, string instanceId, DateTimeOffset? issuedAt = null) =>
        fixture.Simulator.Control.CreateWebhookJwt("AppInstalled", instanceId, $$"""{"appId":"{{fixture.Simulator.Control.AppId}}"}""", issuedAt);

    public static string Removed(ServerFixture fixture, string instanceId, DateTimeOffset? issuedAt = null) =>
        fixture.Simulator.Control.CreateWebhookJwt("AppRemoved", instanceId, $$"""{"appId":"{{fixture.Simulator.Control.AppId}}"}""", issuedAt);
}
