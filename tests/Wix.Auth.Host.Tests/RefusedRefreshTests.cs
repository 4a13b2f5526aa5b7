using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Host.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Issue #11 item 7: a permanent refusal other than invalid_grant (here a 401, which the token client classifies as
/// invalid_client) is recorded with its code, the instance falls back to client credentials, the refresh token is kept,
/// and it is not presented again on the next calls (cooldown, WixAuth:Refresh:RefusedCooldown).
/// </summary>
public sealed class RefusedRefreshTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_permanent_refusal_other_than_invalid_grant_is_recorded_falls_back_and_cools_down_keeping_the_token()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var control = fixture.Simulator.Control;
        using var client = fixture.CreateClient(withApiKey: true);

        control.FailNextTokenRequests(1, 401);
        Assert.Equal("client_credentials", await TokenStrategyAsync(client, install.InstanceId));

        var refreshes = control.Counters.RefreshToken;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("client_credentials", await TokenStrategyAsync(client, install.InstanceId));
        }

        Assert.Equal(refreshes, control.Counters.RefreshToken);
        Assert.Equal("refused", await fixture.Database.ScalarAsync<string>(
            "SELECT fallback_reason FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.False(string.IsNullOrEmpty(await fixture.Database.ScalarAsync<string>(
            "SELECT last_error_code FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId))));
        Assert.NotNull(await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_quarantined_refresh_tokens"));

        // After the cooldown the kept token is presented again and works.
        await fixture.Database.ScalarAsync<int>(
            "UPDATE wix_installations SET refresh_retry_at = now() - interval '1 second' WHERE instance_id = @id", ("id", install.InstanceId));
        Assert.Equal("refresh_token", await TokenStrategyAsync(client, install.InstanceId));
    }

    [Theory]
    [InlineData(WixSimulatedAnswerFault.MalformedJson)]
    [InlineData(WixSimulatedAnswerFault.NoAccessToken)]
    public async Task A_200_refresh_answer_without_a_usable_token_falls_back_cools_down_and_keeps_the_refresh_token(WixSimulatedAnswerFault fault)
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var control = fixture.Simulator.Control;
        using var client = fixture.CreateClient(withApiKey: true);
        var stored = await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId));

        control.SpoilNextAnswers("refresh_token", 1, fault);
        var refreshes = control.Counters.RefreshToken;
        Assert.Equal("client_credentials", await TokenStrategyAsync(client, install.InstanceId));
        Assert.Equal(refreshes + 1, control.Counters.RefreshToken);

        // Not presented again during the cooldown, however often the instance is asked for.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("client_credentials", await TokenStrategyAsync(client, install.InstanceId));
        }

        Assert.Equal(refreshes + 1, control.Counters.RefreshToken);
        Assert.Equal("refused", await fixture.Database.ScalarAsync<string>(
            "SELECT fallback_reason FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.Equal("malformed_response", await fixture.Database.ScalarAsync<string>(
            "SELECT last_error_code FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.Equal(stored, await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM wix_quarantined_refresh_tokens WHERE instance_id = @id", ("id", install.InstanceId)));

        // After the cooldown the kept token is presented again and works (Wix does not rotate by default).
        await fixture.Database.ScalarAsync<int>(
            "UPDATE wix_installations SET refresh_retry_at = now() - interval '1 second' WHERE instance_id = @id", ("id", install.InstanceId));
        Assert.Equal("refresh_token", await TokenStrategyAsync(client, install.InstanceId));
    }

    [Fact]
    public async Task A_refresh_answer_lost_after_wix_rotated_the_token_quarantines_the_old_one_and_loses_nothing_stored()
    {
        // Checklist FI-3, strict rotation: Wix revoked the token we presented and issued a successor in the answer that
        // never arrived. The token we hold is then dead; it must be quarantined (restorable), not deleted, the instance
        // served by client credentials, and no retry loop follow.
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var control = fixture.Simulator.Control;
        using var client = fixture.CreateClient(withApiKey: true);
        var stored = await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId));
        control.RotateRefreshTokens = true;
        try
        {
            control.SpoilNextAnswers("refresh_token", 1, WixSimulatedAnswerFault.Abort);
            fixture.Services.GetRequiredService<IWixTokenManager>().Invalidate(install.InstanceId);
            using (var lost = await client.PostAsync(new Uri($"/api/v1/instances/{install.InstanceId}/token", UriKind.Relative), null))
            {
                fixture.Secrets.AddResponse(await lost.Content.ReadAsStringAsync());
                // Either the lost answer is reported (503, retry later) or the client's retry already met invalid_grant.
                Assert.True(lost.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, $"answered {(int)lost.StatusCode}");
            }

            Assert.Equal("client_credentials", await TokenStrategyAsync(client, install.InstanceId));
            var refreshes = control.Counters.RefreshToken + control.Counters.FailedTokenRequests;
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("client_credentials", await TokenStrategyAsync(client, install.InstanceId));
            }

            Assert.Equal(refreshes, control.Counters.RefreshToken + control.Counters.FailedTokenRequests);
            Assert.Equal("revoked", await fixture.Database.ScalarAsync<string>(
                "SELECT fallback_reason FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
            Assert.Equal(stored, await fixture.Database.ScalarAsync<string>(
                "SELECT refresh_token_ciphertext FROM wix_quarantined_refresh_tokens WHERE instance_id = @id", ("id", install.InstanceId)));
            Assert.Equal("installed", await fixture.Database.ScalarAsync<string>(
                "SELECT status FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        }
        finally
        {
            control.RotateRefreshTokens = false;
        }
    }

    private async Task<string?> TokenStrategyAsync(HttpClient client, string instanceId)
    {
        fixture.Services.GetRequiredService<IWixTokenManager>().Invalidate(instanceId);
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        fixture.Secrets.AddResponse(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString();
    }
}
