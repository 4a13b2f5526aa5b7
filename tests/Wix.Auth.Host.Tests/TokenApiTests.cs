using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary><c>POST /api/v1/instances/{id}/token</c> and the status endpoint: every answer the contract names.</summary>
public sealed class TokenApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Without_an_API_key_the_token_API_answers_401_problem_json()
    {
        var instanceId = await InstalledByWebhookAsync();
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync(TokenUrl(instanceId), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_wrong_API_key_the_token_API_answers_401()
    {
        var instanceId = await InstalledByWebhookAsync();
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ApiKey[..^2] + "xx");

        using var response = await client.PostAsync(TokenUrl(instanceId), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_instance_answers_404_without_asking_Wix()
    {
        var before = fixture.Simulator.Control.Counters.TokenRequests;
        using var client = fixture.CreateClient(withApiKey: true);

        using var response = await client.PostAsync(TokenUrl(Guid.NewGuid().ToString()), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, fixture.Simulator.Control.Counters.TokenRequests);
    }

    [Fact]
    public async Task A_removed_instance_answers_404()
    {
        var instanceId = await InstalledByWebhookAsync();
        using (var removed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Removed(fixture, instanceId)))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        using var client = fixture.CreateClient(withApiKey: true);
        using var response = await client.PostAsync(TokenUrl(instanceId), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_instance_installed_by_webhook_gets_a_client_credentials_token()
    {
        var instanceId = await InstalledByWebhookAsync();
        using var client = fixture.CreateClient(withApiKey: true);

        using var response = await client.PostAsync(TokenUrl(instanceId), null);
        var json = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(instanceId, json.GetProperty("instance_id").GetString());
        Assert.Equal("client_credentials", json.GetProperty("strategy").GetString());
        Assert.True(json.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task When_Wix_keeps_failing_the_token_API_answers_503_with_Retry_After()
    {
        var instanceId = await InstalledByWebhookAsync();
        fixture.Simulator.Control.FailNextTokenRequests(50, 503, TimeSpan.FromSeconds(1));
        try
        {
            using var client = fixture.CreateClient(withApiKey: true);
            using var response = await client.PostAsync(TokenUrl(instanceId), null);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.True(response.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        }
        finally
        {
            fixture.Simulator.Control.FailNextTokenRequests(0, 503);
        }
    }

    [Fact]
    public async Task When_Wix_refuses_the_instance_the_token_API_answers_502_with_Wix_error_and_request_id()
    {
        // Installed as far as our webhooks know, but Wix has never heard of it: client credentials is refused.
        var instanceId = Guid.NewGuid().ToString();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        using var client = fixture.CreateClient(withApiKey: true);
        using var response = await client.PostAsync(TokenUrl(instanceId), null);
        var problem = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("wix_request_id").GetString()));
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_for_a_cold_instance_cause_one_upstream_token_request()
    {
        var instanceId = await InstalledByWebhookAsync();
        var before = fixture.Simulator.Control.Counters.ClientCredentials;
        using var client = fixture.CreateClient(withApiKey: true);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => client.PostAsync(TokenUrl(instanceId), null)));
        var tokens = await Task.WhenAll(responses.Select(async r => (await ReadJsonAsync(r)).GetProperty("access_token").GetString()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(tokens.Distinct());
        Assert.Equal(before + 1, fixture.Simulator.Control.Counters.ClientCredentials);
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task The_status_endpoint_shows_a_handshake_install_on_the_refresh_token_strategy_without_secrets()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        using var client = fixture.CreateClient(withApiKey: true);

        using var response = await client.GetAsync(new Uri($"/api/v1/instances/{install.InstanceId}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("installed", json.GetProperty("status").GetString());
        Assert.Equal("refresh_token", json.GetProperty("strategy").GetString());
        Assert.True(json.GetProperty("has_refresh_token").GetBoolean());
        Assert.DoesNotContain(install.Code, body, StringComparison.Ordinal);
        Assert.DoesNotContain(install.CloseWindowAccessToken, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_of_an_unknown_instance_is_404()
    {
        using var client = fixture.CreateClient(withApiKey: true);

        using var response = await client.GetAsync(new Uri($"/api/v1/instances/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Finish_setup_sends_APP_FINISHED_CONFIGURATION_to_Wix()
    {
        var instanceId = await InstalledByWebhookAsync();
        var before = fixture.Simulator.Control.Counters.BiEvents;
        using var client = fixture.CreateClient(withApiKey: true);

        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/finish-setup", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, fixture.Simulator.Control.Counters.BiEvents);
        Assert.Contains(instanceId, fixture.Simulator.Control.ConfiguredInstances);
    }

    private static Uri TokenUrl(string instanceId) => new($"/api/v1/instances/{instanceId}/token", UriKind.Relative);

    private async Task<string> InstalledByWebhookAsync()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using var response = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return instanceId;
    }

    private async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var json = JsonDocument.Parse(body).RootElement;
            fixture.Secrets.Add(json.GetProperty("access_token").GetString());
            return json;
        }

        fixture.Secrets.AddResponse(body);
        return JsonDocument.Parse(body).RootElement;
    }
}
