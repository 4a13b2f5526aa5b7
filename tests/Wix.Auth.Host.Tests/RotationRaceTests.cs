using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Issue #11 item 5 end to end: Wix rotates strictly (the presented refresh token dies with every refresh), and while
/// each refresh is in flight a webhook re-delivery and a fallback record write the installation row without the lock.
/// Every refresh must leave the live token stored: a lost one shows as invalid_grant at the next refresh.
/// </summary>
public sealed class RotationRaceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Webhooks_and_fallback_writes_racing_refreshes_under_strict_rotation_never_lose_the_refresh_token()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);
        var control = fixture.Simulator.Control;
        var store = fixture.Services.GetRequiredService<IWixInstallationStore>();
        var tokens = fixture.Services.GetRequiredService<IWixTokenManager>();
        using var client = fixture.CreateClient(withApiKey: true);
        control.RotateRefreshTokens = true;
        control.Latency = TimeSpan.FromMilliseconds(150);
        try
        {
            for (var round = 0; round < 6; round++)
            {
                tokens.Invalidate(install.InstanceId);
                var refresh = client.PostAsync(new Uri($"/api/v1/instances/{install.InstanceId}/token", UriKind.Relative), null);

                // Land inside the refresh's Wix round trip: the lease has read the row and holds the lock.
                await Task.Delay(60);
                var webhook = WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, install.InstanceId, DateTimeOffset.UtcNow.AddSeconds(round + 1)));
                var fallback = store.RecordFallbackAsync(install.InstanceId, WixFallbackReason.Missing, errorCode: null, CancellationToken.None);
                using var response = await refresh;
                using var webhookResponse = await webhook;
                await fallback;

                var body = await response.Content.ReadAsStringAsync();
                fixture.Secrets.AddResponse(body);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(HttpStatusCode.OK, webhookResponse.StatusCode);
                Assert.Equal("refresh_token", JsonDocument.Parse(body).RootElement.GetProperty("strategy").GetString());
            }
        }
        finally
        {
            control.Latency = TimeSpan.Zero;
            control.RotateRefreshTokens = false;
        }

        await using var lease = await fixture.Services.GetRequiredService<IWixRefreshTokenStore>().AcquireRefreshLeaseAsync(install.InstanceId, CancellationToken.None);
        Assert.NotNull(lease.RefreshToken);
        Assert.True(control.IsRefreshTokenActive(lease.RefreshToken), "the stored refresh token is a dead one: a rotation was lost");
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_quarantined_refresh_tokens"));
    }
}
