using System.Net;
using Wix.Auth.AspNetCore.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.AspNetCore.Tests;

public sealed class WixAccessTokenSchemeTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private WixSimulatorControl Wix => fixture.Control;

    [Theory]
    [InlineData("")]
    [InlineData("Bearer ")]
    public async Task Dashboard_user_token_authenticates_raw_or_as_bearer_with_the_right_claims(string prefix)
    {
        await using var app = await StartAsync();
        var instance = Wix.CreateInstalledInstance();
        var token = Wix.IssueSiteToken(instance, WixSimulatedSubjectType.User, subjectId: "user-42");

        using var response = await app.GetAsync("/me", prefix + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = await EmbeddingApp.ReadJsonAsync(response);
        Assert.Equal(instance, claims["instance"]);
        Assert.Equal("USER", claims["subject_type"]);
        Assert.Equal("user-42", claims["subject_id"]);
        Assert.False(string.IsNullOrEmpty(claims["site"]));
        Assert.Equal("True", claims["is_user_role"]);
    }

    [Fact]
    public async Task No_token_is_challenged_without_an_error_code()
    {
        await using var app = await StartAsync();

        using var response = await app.GetAsync("/me", authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"Wix\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Refused_tokens_get_401_saying_why()
    {
        await using var app = await StartAsync();
        var instance = Wix.CreateInstalledInstance();
        var foreign = Wix.IssueSiteToken(instance, WixSimulatedSubjectType.User, clientId: Guid.NewGuid().ToString());
        var expired = Wix.IssueSiteToken(instance, WixSimulatedSubjectType.User, lifetime: TimeSpan.FromMilliseconds(100));
        var removed = Wix.CreateInstalledInstance();
        var ofRemoved = Wix.IssueSiteToken(removed, WixSimulatedSubjectType.User);
        Wix.Uninstall(removed);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        foreach (var (token, why) in new[]
        {
            (foreign, "issued for another app"),
            (expired, "expired, revoked or not a Wix token"),
            (ofRemoved, "expired, revoked or not a Wix token"),
            ("junk", "expired, revoked or not a Wix token"),
        })
        {
            using var response = await app.GetAsync("/me", token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = response.Headers.WwwAuthenticate.ToString();
            Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
            Assert.Contains(why, challenge, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_member_is_authenticated_but_not_a_Wix_user()
    {
        await using var app = await StartAsync();
        var member = Wix.IssueSiteToken(Wix.CreateInstalledInstance(), WixSimulatedSubjectType.Member);

        using var response = await app.GetAsync("/me", member);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Token_Info_unreachable_answers_503_with_Retry_After_not_401()
    {
        // A port nothing listens on: Token Info cannot be asked at all.
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var app = await EmbeddingApp.StartAsync(new Uri($"http://127.0.0.1:{port}/"), Wix.AppId, Wix.AppSecret);

        using var response = await app.GetAsync("/me", "OauthNG.JWS.some-user-token");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Verified_user_is_elevated_to_the_app_token_of_the_same_instance()
    {
        await using var app = await StartAsync();
        var instance = Wix.CreateInstalledInstance();
        var user = Wix.IssueSiteToken(instance, WixSimulatedSubjectType.User);

        using var response = await app.SendAsync(HttpMethod.Post, "/elevate", user);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await EmbeddingApp.ReadJsonAsync(response);
        Assert.Equal(instance, body["instance"]);
        using var info = await fixture.Client.PostAsync(new Uri("oauth2/token-info", UriKind.Relative), Json($$"""{"token":"{{body["token"]}}"}"""));
        var described = await info.Content.ReadAsStringAsync();
        Assert.Contains("\"subjectType\":\"APP\"", described, StringComparison.Ordinal);
        Assert.Contains($"\"instanceId\":\"{instance}\"", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_to_Wix_carry_the_users_token_not_the_apps()
    {
        await using var app = await StartAsync();
        var instance = Wix.CreateInstalledInstance();
        var user = Wix.IssueSiteToken(instance, WixSimulatedSubjectType.User, subjectId: "user-as-caller");
        var clientCredentials = Wix.Counters.ClientCredentials;

        using var response = await app.GetAsync("/site-as-user", user);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(instance, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var call = Wix.ApiCalls.Last(c => c.InstanceId == instance);
        Assert.Equal("USER", call.SubjectType);
        Assert.Equal("user-as-caller", call.SubjectId);
        Assert.Equal(clientCredentials, Wix.Counters.ClientCredentials);
    }

    [Fact]
    public async Task Forwarding_refuses_a_request_without_a_verified_token()
    {
        await using var app = await StartAsync();
        var calls = Wix.ApiCalls.Count;

        // An open endpoint reached without a token: nothing was verified, so nothing (not even the app's token) is sent.
        using var response = await app.GetAsync("/unprotected-as-user", authorization: null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(calls, Wix.ApiCalls.Count);
    }

    [Fact]
    public async Task No_token_reaches_a_log_line()
    {
        await using var app = await StartAsync();
        var instance = Wix.CreateInstalledInstance();
        var tokens = new[]
        {
            Wix.IssueSiteToken(instance, WixSimulatedSubjectType.User),
            Wix.IssueSiteToken(instance, WixSimulatedSubjectType.User, clientId: Guid.NewGuid().ToString()),
            "OauthNG.JWS.junk-token-canary",
        };

        foreach (var token in tokens)
        {
            (await app.GetAsync("/me", token)).Dispose();
            (await app.SendAsync(HttpMethod.Post, "/elevate", token)).Dispose();
        }

        Assert.NotEmpty(app.Logs.Logs);
        Assert.DoesNotContain(app.Logs.Logs, l => tokens.Any(t => l.Text.Contains(t, StringComparison.Ordinal)));
    }

    private Task<EmbeddingApp> StartAsync() => EmbeddingApp.StartAsync(fixture.Simulator.BaseUrl, Wix.AppId, Wix.AppSecret);

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
