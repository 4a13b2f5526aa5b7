using System.Net;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Simulator.Tests;

public sealed class FaultInjectionTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly WixSimulatorControl _control = fixture.Control;

    [Fact]
    public async Task Armed_503_fails_the_next_request_then_the_endpoint_recovers()
    {
        var instanceId = _control.CreateInstalledInstance();
        var failedBefore = _control.Counters.FailedTokenRequests;
        _control.FailNextTokenRequests(1, 503);

        var (failed, _) = await _client.ClientCredentialsAsync(_control, instanceId);
        var (recovered, _) = await _client.ClientCredentialsAsync(_control, instanceId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(failedBefore + 1, _control.Counters.FailedTokenRequests);
    }

    [Fact]
    public async Task Armed_429_carries_retry_after_and_applies_to_the_legacy_endpoint_too()
    {
        var refreshToken = _control.IssueRefreshToken(_control.CreateInstalledInstance());
        _control.FailNextTokenRequests(2, 429, TimeSpan.FromSeconds(7));

        var (first, _) = await _client.RefreshAsync(_control, refreshToken);
        var (second, _) = await _client.RefreshAsync(_control, refreshToken);
        var (third, _) = await _client.RefreshAsync(_control, refreshToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Control_api_arms_faults_and_reports_counters()
    {
        var instanceId = _control.CreateInstalledInstance();

        using var arm = await _client.PostAsync("/_simulator/faults", System.Net.Http.Json.JsonContent.Create(new { failNext = 1, status = 500 }));
        var (failed, _) = await _client.ClientCredentialsAsync(_control, instanceId);
        var (_, counters) = await _client.GetJsonAsync("/_simulator/counters");

        Assert.Equal(HttpStatusCode.NoContent, arm.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(_control.Counters.FailedTokenRequests, counters.GetProperty("failedTokenRequests").GetInt64());
    }

    [Fact]
    public async Task Control_api_rejects_a_fault_without_a_valid_status()
    {
        using var response = await _client.PostAsync("/_simulator/faults", System.Net.Http.Json.JsonContent.Create(new { failNext = 1, status = 200 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Control_api_manages_instances()
    {
        var (created, body) = await _client.PostJsonAsync("/_simulator/instances", new { });
        var instanceId = body.Str("instanceId");
        var (cloned, clone) = await _client.PostJsonAsync($"/_simulator/instances/{instanceId}/clone", new { });
        using var uninstall = await _client.PostAsync($"/_simulator/instances/{instanceId}/uninstall", null);
        var uninstalled = _control.IsInstalled(instanceId);
        using var reinstall = await _client.PostAsync($"/_simulator/instances/{instanceId}/reinstall", null);
        var (signedResponse, signed) = await _client.GetJsonAsync($"/_simulator/instances/{instanceId}/signed-instance");
        using var unknown = await _client.PostAsync($"/_simulator/instances/{Guid.NewGuid()}/uninstall", null);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cloned.StatusCode);
        Assert.True(_control.IsInstalled(clone.Str("instanceId")));
        Assert.Equal(HttpStatusCode.NoContent, uninstall.StatusCode);
        Assert.False(uninstalled);
        Assert.Equal(HttpStatusCode.NoContent, reinstall.StatusCode);
        Assert.True(_control.IsInstalled(instanceId));
        Assert.Equal(HttpStatusCode.OK, signedResponse.StatusCode);
        Assert.Contains('.', signed.Str("instance"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Control_api_sets_latency_rotation_and_legacy_lifetime()
    {
        try
        {
            using var response = await _client.PostAsync("/_simulator/faults", System.Net.Http.Json.JsonContent.Create(new
            {
                latencyMs = 5, rotateRefreshTokens = true, legacyAccessTokenLifetimeSeconds = 600,
            }));

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(TimeSpan.FromMilliseconds(5), _control.Latency);
            Assert.True(_control.RotateRefreshTokens);
            Assert.Equal(TimeSpan.FromMinutes(10), _control.LegacyAccessTokenLifetime);
        }
        finally
        {
            _control.Latency = TimeSpan.Zero;
            _control.RotateRefreshTokens = false;
            _control.LegacyAccessTokenLifetime = TimeSpan.FromMinutes(5);
        }
    }

    [Fact]
    public async Task Control_api_resets_counters()
    {
        await _client.ClientCredentialsAsync(_control, _control.CreateInstalledInstance());

        using var reset = await _client.PostAsync("/_simulator/counters/reset", null);
        var (_, counters) = await _client.GetJsonAsync("/_simulator/counters");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, counters.GetProperty("clientCredentials").GetInt64());
        Assert.Equal(0, counters.GetProperty("tokenRequests").GetInt64());
        Assert.Equal(0, _control.Counters.ClientCredentials);
    }

    [Fact]
    public async Task Control_api_describes_the_app_without_its_secret()
    {
        var (response, body) = await _client.GetJsonAsync("/_simulator/app");
        var text = body.GetRawText();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_control.AppId, body.Str("appId"));
        Assert.Contains("BEGIN PUBLIC KEY", body.Str("publicKey"), StringComparison.Ordinal);
        Assert.DoesNotContain(_control.AppSecret, text, StringComparison.Ordinal);
    }
}
