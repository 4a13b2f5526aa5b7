using System.Globalization;
using System.Net;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Simulator.Tests;

/// <summary>Token info, the BI event and the app-instance API behind the simulated API gateway.</summary>
public sealed class TokenInfoAndApiTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly WixSimulatorControl _control = fixture.Control;

    [Fact]
    public async Task Token_info_describes_an_app_token_in_camel_case_with_string_times()
    {
        var instanceId = _control.CreateInstalledInstance();
        var token = await AccessTokenAsync(instanceId);

        var (response, body) = await _client.PostJsonAsync("/oauth2/token-info", new { token });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal("APP", body.Str("subjectType"));
        Assert.Equal(_control.AppId, body.Str("clientId"));
        Assert.Equal(instanceId, body.Str("instanceId"));
        var exp = long.Parse(body.Str("exp"), CultureInfo.InvariantCulture);
        var iat = long.Parse(body.Str("iat"), CultureInfo.InvariantCulture);
        Assert.Equal(14400, exp - iat);
    }

    [Fact]
    public async Task Token_info_accepts_a_signed_instance()
    {
        var instanceId = _control.CreateInstalledInstance();

        var (response, body) = await _client.PostJsonAsync("/oauth2/token-info", new { token = _control.CreateSignedInstance(instanceId) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal(instanceId, body.Str("instanceId"));
        Assert.Equal(_control.AppId, body.Str("clientId"));
    }

    [Fact]
    public async Task Token_info_reports_an_unknown_token_as_inactive()
    {
        var (response, body) = await _client.PostJsonAsync("/oauth2/token-info", new { token = "OauthNG.JWS.nothing" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Token_info_without_token_is_a_standard_400()
    {
        var (response, body) = await _client.PostJsonAsync("/oauth2/token-info", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("details").GetProperty("applicationError").Str("code")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Finished_configuration_event_marks_the_instance_configured(bool bearer)
    {
        var instanceId = _control.CreateInstalledInstance();
        var token = await AccessTokenAsync(instanceId);

        var (response, body) = await _client.PostJsonWithAuthAsync("/apps/v1/bi-event", bearer ? "Bearer " + token : token, new { eventName = "APP_FINISHED_CONFIGURATION" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body.EnumerateObject());
        Assert.Contains(instanceId, _control.ConfiguredInstances);
        Assert.True(response.Headers.Contains("x-wix-request-id"));
    }

    [Fact]
    public async Task Bi_event_without_a_token_is_401_in_the_standard_shape()
    {
        var (response, body) = await _client.PostJsonAsync("/apps/v1/bi-event", new { eventName = "APP_FINISHED_CONFIGURATION" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body.Str("message")));
        Assert.Equal("UNAUTHENTICATED", body.GetProperty("details").GetProperty("applicationError").Str("code"));
    }

    [Theory]
    [InlineData("{\"eventName\":\"NOT_AN_EVENT\"}", "INVALID_EVENT_NAME")]
    [InlineData("{}", "INVALID_EVENT_NAME")]
    [InlineData("{\"eventName\":\"CUSTOM\",\"customEventName\":\"x\"}", "INVALID_CUSTOM_EVENT_NAME")]
    [InlineData("{\"eventName\":\"CHARGE\",\"eventData\":{\"currency\":\"USD\"}}", "MISSING_SUM")]
    public async Task Invalid_bi_event_is_400_and_does_not_configure(string json, string code)
    {
        var instanceId = _control.CreateInstalledInstance();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/apps/v1/bi-event")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", await AccessTokenAsync(instanceId));

        using var response = await _client.SendAsync(request);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, body.GetProperty("details").GetProperty("applicationError").Str("code"));
        Assert.DoesNotContain(instanceId, _control.ConfiguredInstances);
    }

    [Fact]
    public async Task Instance_api_answers_with_the_instance_and_site()
    {
        var instanceId = _control.CreateInstalledInstance();

        var (response, body) = await _client.GetJsonAsync("/apps/v1/instance", await AccessTokenAsync(instanceId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(instanceId, body.GetProperty("instance").Str("instanceId"));
        Assert.Equal("Sample App", body.GetProperty("instance").Str("appName"));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("site").Str("siteId")));
    }

    [Fact]
    public async Task Expired_access_tokens_are_rejected_but_new_ones_work()
    {
        var instanceId = _control.CreateInstalledInstance();
        var old = await AccessTokenAsync(instanceId);

        _control.ExpireAccessTokens(instanceId);
        var (rejected, _) = await _client.GetJsonAsync("/apps/v1/instance", old);
        var (accepted, _) = await _client.GetJsonAsync("/apps/v1/instance", await AccessTokenAsync(instanceId));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private async Task<string> AccessTokenAsync(string instanceId)
    {
        var (response, body) = await _client.ClientCredentialsAsync(_control, instanceId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.Str("access_token");
    }
}
