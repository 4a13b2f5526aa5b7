using System.Net;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Simulator.Tests;

public sealed class ClientCredentialsTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly WixSimulatorControl _control = fixture.Control;

    [Fact]
    public async Task Installed_instance_gets_a_four_hour_bearer_token()
    {
        var instanceId = _control.CreateInstalledInstance();

        var (response, body) = await _client.ClientCredentialsAsync(_control, instanceId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("OauthNG.JWS.", body.Str("access_token"), StringComparison.Ordinal);
        Assert.Equal("Bearer", body.Str("token_type"));
        Assert.Equal(14400, body.GetProperty("expires_in").GetInt32());
        Assert.True(response.Headers.Contains("x-wix-request-id"));
    }

    [Fact]
    public async Task Wrong_secret_is_401_invalid_client()
    {
        var instanceId = _control.CreateInstalledInstance();

        var (response, body) = await _client.ClientCredentialsAsync(_control, instanceId, secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", body.Str("error"));
        Assert.False(string.IsNullOrEmpty(body.Str("error_description")));
    }

    [Fact]
    public async Task Wrong_client_id_is_401_invalid_client()
    {
        var instanceId = _control.CreateInstalledInstance();

        var (response, body) = await _client.PostJsonAsync("/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Guid.NewGuid().ToString(), ["client_secret"] = _control.AppSecret, ["instance_id"] = instanceId,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", body.Str("error"));
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("client_secret")]
    [InlineData("instance_id")]
    public async Task Missing_field_is_400_invalid_request(string missing)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = _control.AppId, ["client_secret"] = _control.AppSecret, ["instance_id"] = _control.CreateInstalledInstance(),
        };
        fields.Remove(missing);

        var (response, body) = await _client.PostJsonAsync("/oauth2/token", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body.Str("error"));
    }

    [Fact]
    public async Task Unsupported_grant_type_is_400()
    {
        var (response, body) = await _client.PostJsonAsync("/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = _control.AppId, ["client_secret"] = _control.AppSecret, ["instance_id"] = _control.CreateInstalledInstance(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", body.Str("error"));
    }

    [Fact]
    public async Task Unknown_instance_is_400_invalid_grant()
    {
        var (response, body) = await _client.ClientCredentialsAsync(_control, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body.Str("error"));
    }

    [Fact]
    public async Task Uninstalled_instance_is_400_invalid_grant_until_reinstalled()
    {
        var instanceId = _control.CreateInstalledInstance();
        _control.Uninstall(instanceId);

        var (uninstalled, body) = await _client.ClientCredentialsAsync(_control, instanceId);
        _control.Reinstall(instanceId);
        var (reinstalled, _) = await _client.ClientCredentialsAsync(_control, instanceId);

        Assert.Equal(HttpStatusCode.BadRequest, uninstalled.StatusCode);
        Assert.Equal("invalid_grant", body.Str("error"));
        Assert.Equal(HttpStatusCode.OK, reinstalled.StatusCode);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_400_invalid_request()
    {
        using var content = new StringContent("grant_type=client_credentials&", System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/oauth2/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Counters_count_grants_and_failures()
    {
        var instanceId = _control.CreateInstalledInstance();
        var before = (_control.Counters.ClientCredentials, _control.Counters.TokenRequests, _control.Counters.FailedTokenRequests);

        await _client.ClientCredentialsAsync(_control, instanceId);
        await _client.ClientCredentialsAsync(_control, instanceId, secret: "wrong");

        // Tests of one class run one after another, so nothing else moves these counters meanwhile.
        Assert.Equal(before.ClientCredentials + 1, _control.Counters.ClientCredentials);
        Assert.Equal(before.TokenRequests + 2, _control.Counters.TokenRequests);
        Assert.Equal(before.FailedTokenRequests + 1, _control.Counters.FailedTokenRequests);
    }
}
