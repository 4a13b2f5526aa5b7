using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Core.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests;

public sealed class TokenClientTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private WixSimulator Sim => fixture.Simulator;

    [Fact]
    public async Task Client_credentials_grant_returns_a_four_hour_token_for_the_instance()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();

        var before = DateTimeOffset.UtcNow;
        var token = await client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.Null(token.RefreshToken);
        Assert.InRange(token.ExpiresAt, before.AddHours(4).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(4).AddMinutes(1));
        var info = await client.GetTokenInfoAsync(token.AccessToken, CancellationToken.None);
        Assert.True(info.Active);
        Assert.Equal(instance, info.InstanceId);
        Assert.Equal(Sim.Control.AppId, info.ClientId);
        Assert.NotNull(info.ExpiresAt);
    }

    [Fact]
    public async Task Authorization_code_grant_returns_tokens_with_the_legacy_lifetime()
    {
        await using var services = WixAuthServices.Build(Sim, o => o.LegacyAccessTokenLifetime = TimeSpan.FromMinutes(7));
        var client = services.GetRequiredService<IWixTokenClient>();
        var (code, _) = await SimulatorInstallFlow.GetAuthorizationCodeAsync(Sim);

        var before = DateTimeOffset.UtcNow;
        var token = await client.RedeemAuthorizationCodeAsync(code, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        Assert.True(Sim.Control.IsRefreshTokenActive(token.RefreshToken!));
        // The simulator, like Wix's docs, sends no expires_in on /oauth/access.
        Assert.InRange(token.ExpiresAt, before.AddMinutes(7).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(7).AddSeconds(5));
    }

    [Fact]
    public async Task Refresh_token_grant_returns_a_new_access_token()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var refreshToken = Sim.Control.IssueRefreshToken(instance);

        var token = await client.RefreshAsync(refreshToken, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.Equal(refreshToken, token.RefreshToken);
        var info = await client.GetTokenInfoAsync(token.AccessToken, CancellationToken.None);
        Assert.Equal(instance, info.InstanceId);
    }

    [Fact]
    public async Task Wrong_app_secret_is_invalid_client_and_not_retried()
    {
        await using var services = WixAuthServices.Build(Sim.BaseUrl, Sim.Control.AppId, "wrong-secret-value");
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.TokenRequests;

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.InvalidClient, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("invalid_client", ex.Error);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, Sim.Control.Counters.TokenRequests - before);
        Assert.DoesNotContain("wrong-secret-value", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstalled_instance_is_invalid_grant_and_not_retried()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        Sim.Control.Uninstall(instance);
        var before = Sim.Control.Counters.TokenRequests;

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.InvalidGrant, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
        Assert.False(string.IsNullOrEmpty(ex.ErrorDescription));
        Assert.Equal(1, Sim.Control.Counters.TokenRequests - before);
    }

    [Fact]
    public async Task Revoked_refresh_token_is_invalid_grant_not_retried_and_not_in_the_exception()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var refreshToken = Sim.Control.IssueRefreshToken(instance);
        Sim.Control.Uninstall(instance);
        var before = Sim.Control.Counters.TokenRequests;

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => client.RefreshAsync(refreshToken, CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.InvalidGrant, ex.Kind);
        Assert.Equal("invalid_grant", ex.Error);
        Assert.Equal(1, Sim.Control.Counters.TokenRequests - before);
        AssertNoSecrets(ex, refreshToken);
    }

    [Fact]
    public async Task Used_authorization_code_is_invalid_grant_and_the_code_is_not_in_the_exception()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var (code, _) = await SimulatorInstallFlow.GetAuthorizationCodeAsync(Sim);
        await client.RedeemAuthorizationCodeAsync(code, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => client.RedeemAuthorizationCodeAsync(code, CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.InvalidGrant, ex.Kind);
        AssertNoSecrets(ex, code);
    }

    [Fact]
    public async Task Injected_503s_are_retried_until_success()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.TokenRequests;
        Sim.Control.FailNextTokenRequests(2, 503);

        var token = await client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.Equal(3, Sim.Control.Counters.TokenRequests - before);
    }

    [Fact]
    public async Task Injected_429_with_retry_after_is_retried_until_success()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.TokenRequests;
        Sim.Control.FailNextTokenRequests(1, 429, TimeSpan.FromSeconds(1));

        var token = await client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.Equal(2, Sim.Control.Counters.TokenRequests - before);
    }

    [Fact]
    public async Task Persistent_503_gives_a_transient_failure_after_the_configured_attempts()
    {
        await using var services = WixAuthServices.Build(Sim, o => o.MaxRetryAttempts = 2);
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.TokenRequests;
        Sim.Control.FailNextTokenRequests(3, 503);

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.Transient, ex.Kind);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("temporarily_unavailable", ex.Error);
        Assert.Equal(3, Sim.Control.Counters.TokenRequests - before);
    }

    [Fact]
    public async Task When_Wix_keeps_failing_the_circuit_opens_and_later_calls_fail_fast_without_reaching_Wix()
    {
        await using var services = WixAuthServices.Build(Sim, o =>
        {
            o.MaxRetryAttempts = 0;
            o.CircuitBreakerMinimumThroughput = 4;
            o.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(1);
        });
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.TokenRequests;
        Sim.Control.FailNextTokenRequests(100, 503);
        try
        {
            var failures = new List<WixTokenException>();
            for (var call = 0; call < 20; call++)
            {
                failures.Add(await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None)));
            }

            Assert.All(failures, f => Assert.Equal(WixTokenErrorKind.Transient, f.Kind));
            // Four failures open the circuit; the sixteen calls after it never reach Wix.
            Assert.Equal(4, Sim.Control.Counters.TokenRequests - before);
            Assert.NotNull(failures[^1].RetryAfter);
            Assert.Contains("paused", failures[^1].Message, StringComparison.Ordinal);
        }
        finally
        {
            Sim.Control.FailNextTokenRequests(0, 503);
        }
    }

    [Fact]
    public async Task A_rate_limit_429_with_retry_after_does_not_open_the_circuit()
    {
        // Checklist L3: Wix rate-limiting says when to come back, and each request waits that long; counting its 429s as
        // Wix failing opened the circuit and paused every token request for the break duration (15 s by default) instead.
        await using var services = WixAuthServices.Build(Sim, o =>
        {
            o.MaxRetryAttempts = 0;
            o.CircuitBreakerMinimumThroughput = 4;
            o.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(1);
        });
        var client = services.GetRequiredService<IWixTokenClient>();
        var instance = Sim.Control.CreateInstalledInstance();
        var before = Sim.Control.Counters.TokenRequests;
        Sim.Control.FailNextTokenRequests(100, 429, TimeSpan.FromSeconds(1));
        try
        {
            var failures = new List<WixTokenException>();
            for (var call = 0; call < 8; call++)
            {
                failures.Add(await Assert.ThrowsAsync<WixTokenException>(() => client.RequestClientCredentialsTokenAsync(instance, CancellationToken.None)));
            }

            Assert.All(failures, f => Assert.Equal(429, f.StatusCode));
            Assert.Equal(8, Sim.Control.Counters.TokenRequests - before);
        }
        finally
        {
            Sim.Control.FailNextTokenRequests(0, 503);
        }
    }

    [Fact]
    public async Task Authorization_code_exchange_is_not_retried_on_503()
    {
        await using var services = WixAuthServices.Build(Sim);
        var client = services.GetRequiredService<IWixTokenClient>();
        var (code, _) = await SimulatorInstallFlow.GetAuthorizationCodeAsync(Sim);
        var before = Sim.Control.Counters.TokenRequests;
        Sim.Control.FailNextTokenRequests(1, 503);

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => client.RedeemAuthorizationCodeAsync(code, CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.Transient, ex.Kind);
        Assert.Equal(1, Sim.Control.Counters.TokenRequests - before);
        AssertNoSecrets(ex, code);
    }

    private void AssertNoSecrets(WixTokenException ex, string grantValue)
    {
        var text = ex.ToString() + ex.Message + ex.ErrorDescription + ex.Error;
        Assert.DoesNotContain(Sim.Control.AppSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(grantValue, text, StringComparison.Ordinal);
    }
}
