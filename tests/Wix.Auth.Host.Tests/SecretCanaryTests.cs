using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.PostgreSql.Internal;
using Wix.Auth.PostgreSql;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Checklist H1: drive every path that handles a secret — install handshake, token API, webhooks (valid and forged),
/// dashboard, error pages, a Wix outage — with the host logging at Trace, then search every log line, exception and
/// response body for every secret minted: the app secret, API key, authorization code, state, access and refresh
/// tokens, signed instance values and webhook JWTs, raw, URL-encoded and base64. Zero hits.
/// </summary>
public sealed class SecretCanaryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task No_secret_appears_in_any_log_line_exception_or_response()
    {
        // The handshake: code, state, the close-window access token.
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);

        // The stored refresh token, decrypted here only to know what to look for.
        var ciphertext = await fixture.Database.ScalarAsync<string>(
            "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId));
        var refreshToken = fixture.Services.GetRequiredService<RefreshTokenProtector>().TryUnprotect(install.InstanceId, ciphertext!);
        Assert.False(string.IsNullOrEmpty(refreshToken));
        fixture.Secrets.Add(refreshToken);
        Assert.DoesNotContain(refreshToken!, ciphertext!, StringComparison.Ordinal);

        // The token API: a refresh-token token, a client-credentials token, a wrong key, a Wix outage.
        using var client = fixture.CreateClient(withApiKey: true);
        await TokenAsync(client, install.InstanceId, HttpStatusCode.OK);
        var ccInstance = fixture.Simulator.Control.CreateInstalledInstance();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, ccInstance)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        await TokenAsync(client, ccInstance, HttpStatusCode.OK);
        using (var wrongKeyClient = fixture.CreateClient())
        {
            var wrongKey = "wrong-" + Guid.NewGuid().ToString("N");
            fixture.Secrets.Add(wrongKey);
            wrongKeyClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", wrongKey);
            await TokenAsync(wrongKeyClient, ccInstance, HttpStatusCode.Unauthorized);
        }

        var outageInstance = fixture.Simulator.Control.CreateInstalledInstance();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, outageInstance)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        fixture.Simulator.Control.FailNextTokenRequests(20, 503, TimeSpan.FromSeconds(1));
        try
        {
            await TokenAsync(client, outageInstance, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            fixture.Simulator.Control.FailNextTokenRequests(0, 503);
        }

        // Webhooks: valid, forged, garbage that looks like a JWT.
        var payload = ForgedWebhooks.Payload("AppInstalled", ccInstance, fixture.Simulator.Control.AppId);
        (await WebhookPosts.PostAsync(fixture, ForgedWebhooks.SignedWithForeignKey(payload))).Dispose();
        (await WebhookPosts.PostAsync(fixture, ForgedWebhooks.Hs256WithPublicKeyAsSecret(payload, fixture.Simulator.Control.PublicKeyPem))).Dispose();
        (await WebhookPosts.PostAsync(fixture, "eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoie30ifQ.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw")).Dispose();

        // The dashboard: valid and tampered signed instances; a forged callback.
        var signed = fixture.Simulator.Control.CreateSignedInstance(install.InstanceId);
        fixture.Secrets.Add(signed);
        using var browserless = fixture.CreateClient();
        foreach (var url in new[]
        {
            "/dashboard?instance=" + Uri.EscapeDataString(signed),
            "/dashboard?instance=" + Uri.EscapeDataString(signed[..^4] + "AAAA"),
            "/oauth/callback?code=" + Uri.EscapeDataString(install.Code) + "&state=forged-state-value-1234&instanceId=" + install.InstanceId,
        })
        {
            using var response = await browserless.GetAsync(new Uri(url, UriKind.Relative));
            fixture.Secrets.AddResponse(await response.Content.ReadAsStringAsync());
            fixture.Secrets.AddResponse(response.Headers.Location?.ToString() ?? string.Empty);
        }

        Assert.True(fixture.Secrets.Count >= 10, $"the canary needs secrets to look for; it has {fixture.Secrets.Count}");
        Assert.NotEmpty(fixture.Logs.Lines);
        var leaks = fixture.Secrets.FindLeaks(fixture.Logs.Lines.Concat(fixture.Secrets.Responses)).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(10)));
    }

    private async Task TokenAsync(HttpClient client, string instanceId, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected, response.StatusCode);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            // This answer is where a token is supposed to be; it is not scanned, its token is added to the secrets.
            fixture.Secrets.Add(JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString());
        }
        else
        {
            fixture.Secrets.AddResponse(body);
        }
    }
}
