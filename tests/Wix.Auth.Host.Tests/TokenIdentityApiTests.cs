using System.Net;
using System.Text;
using System.Text.Json;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Host.Tests;

/// <summary><c>POST /api/v1/tokens/introspect</c> and <c>/elevate</c>, and the dashboard opened with a Wix user's token.</summary>
public sealed class TokenIdentityApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Uri Introspect = new("/api/v1/tokens/introspect", UriKind.Relative);
    private static readonly Uri Elevate = new("/api/v1/tokens/elevate", UriKind.Relative);

    private WixSimulatorControl Wix => fixture.Simulator.Control;

    [Fact]
    public async Task Introspection_describes_an_active_user_token()
    {
        var instanceId = await InstalledByWebhookAsync();
        var token = Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.User, subjectId: "user-1");

        using var response = await PostAsync(Introspect, Body(token));
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.Equal(instanceId, json.GetProperty("instance_id").GetString());
        Assert.Equal("USER", json.GetProperty("subject_type").GetString());
        Assert.Equal("user-1", json.GetProperty("subject_id").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("site_id").GetString()));
        Assert.True(json.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Introspection_says_only_inactive_for_foreign_expired_and_junk_tokens()
    {
        var instanceId = await InstalledByWebhookAsync();
        var foreign = Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.User, clientId: Guid.NewGuid().ToString());
        var expired = Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.User, lifetime: TimeSpan.FromMilliseconds(100));
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        foreach (var token in new[] { foreign, expired, "junk" })
        {
            using var response = await PostAsync(Introspect, Body(token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"active":false}""", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"token":42}""")]
    [InlineData("""{"token":""}""")]
    [InlineData("""["token"]""")]
    [InlineData("null")]
    public async Task Bad_input_is_400_and_asks_nobody(string body)
    {
        var before = Wix.Counters.TokenInfo;

        using var introspect = await PostAsync(Introspect, new StringContent(body, Encoding.UTF8, "application/json"));
        using var elevate = await PostAsync(Elevate, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, introspect.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elevate.StatusCode);
        Assert.Equal("application/problem+json", introspect.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, Wix.Counters.TokenInfo);
    }

    [Fact]
    public async Task A_huge_token_is_400()
    {
        var before = Wix.Counters.TokenInfo;

        using var response = await PostAsync(Introspect, Body(new string('a', 9000)));
        using var huge = await PostAsync(Introspect, Body(new string('a', 100_000)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal(before, Wix.Counters.TokenInfo);
    }

    [Fact]
    public async Task Without_an_API_key_both_endpoints_answer_401()
    {
        using var client = fixture.CreateClient();
        using var introspect = await client.PostAsync(Introspect, Body("junk"));
        using var elevate = await client.PostAsync(Elevate, Body("junk"));

        Assert.Equal(HttpStatusCode.Unauthorized, introspect.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elevate.StatusCode);
    }

    [Fact]
    public async Task Elevation_answers_the_token_APIs_answer_for_the_tokens_instance()
    {
        var instanceId = await InstalledByWebhookAsync();
        var token = Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.User);

        using var response = await PostAsync(Elevate, Body(token));
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(instanceId, json.GetProperty("instance_id").GetString());
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal("client_credentials", json.GetProperty("strategy").GetString());
        var info = await fixture.Simulator.BaseUrl.PostTokenInfoAsync(json.GetProperty("access_token").GetString()!);
        Assert.Contains("\"subjectType\":\"APP\"", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elevation_refuses_a_foreign_or_expired_token_with_401_and_an_unknown_instance_with_404()
    {
        var instanceId = await InstalledByWebhookAsync();
        var foreign = Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.User, clientId: Guid.NewGuid().ToString());
        var expired = Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.User, lifetime: TimeSpan.FromMilliseconds(100));
        var removed = await InstalledByWebhookAsync();
        var ofRemoved = Wix.IssueSiteToken(removed, WixSimulatedSubjectType.User);
        Wix.Uninstall(removed);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        foreach (var token in new[] { foreign, expired, ofRemoved, "junk" })
        {
            using var refused = await PostAsync(Elevate, Body(token));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // Active at Wix, but this server never saw the instance installed.
        var unknown = Wix.CreateInstalledInstance();
        using var notFound = await PostAsync(Elevate, Body(Wix.IssueSiteToken(unknown, WixSimulatedSubjectType.User)));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_accepts_a_Wix_user_token_and_refuses_a_visitors()
    {
        var instanceId = await InstalledByWebhookAsync();
        using var client = fixture.CreateClient();

        using var user = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard", UriKind.Relative));
        user.Headers.TryAddWithoutValidation("Authorization", Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.User));
        using var shown = await client.SendAsync(user);
        using var visitor = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard", UriKind.Relative));
        visitor.Headers.TryAddWithoutValidation("Authorization", Wix.IssueSiteToken(instanceId, WixSimulatedSubjectType.Visitor));
        using var refused = await client.SendAsync(visitor);
        using var junk = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard", UriKind.Relative));
        junk.Headers.TryAddWithoutValidation("Authorization", "junk");
        using var invalid = await client.SendAsync(junk);

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains(instanceId, await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(Uri path, HttpContent body)
    {
        using var client = fixture.CreateClient(withApiKey: true);
        return await client.PostAsync(path, body);
    }

    private static StringContent Body(string token) => new(JsonSerializer.Serialize(new { token }), Encoding.UTF8, "application/json");

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.TryGetProperty("access_token", out var token))
        {
            fixture.Secrets.Add(token.GetString());
        }

        return document.RootElement.Clone();
    }

    private async Task<string> InstalledByWebhookAsync()
    {
        var instanceId = Wix.CreateInstalledInstance();
        using var response = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return instanceId;
    }
}

/// <summary>Asks the simulator's Token Info directly, to see what Wix says a token is.</summary>
internal static class TokenInfoProbe
{
    public static async Task<string> PostTokenInfoAsync(this Uri simulator, string token)
    {
        using var client = new HttpClient { BaseAddress = simulator };
        using var response = await client.PostAsync(new Uri("oauth2/token-info", UriKind.Relative), new StringContent(JsonSerializer.Serialize(new { token }), Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
}
