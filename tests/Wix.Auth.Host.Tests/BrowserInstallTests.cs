using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>The owner's path end to end in a real browser: App Market → our App URL → consent → callback → close-window.</summary>
public sealed class BrowserInstallTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Installing_from_the_App_Market_in_chromium_ends_on_close_window_and_the_instance_gets_refresh_token_tokens()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var context = await browser.NewContextAsync();
            var page = await context.NewPageAsync();
            var seen = new List<string>();
            page.Request += (_, request) => seen.Add(request.Url);

            await page.GotoAsync(fixture.Simulator.CreateMarketInstallUrl().ToString());
            var agree = page.GetByRole(AriaRole.Button, new() { Name = "Agree & add" });
            await agree.WaitForAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, "consent-page.png"), FullPage = true });
            await agree.ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/installer/close-window", StringComparison.Ordinal));
            Assert.Contains("You can close this window", await page.Locator("#done").InnerTextAsync(), StringComparison.Ordinal);

            var callback = new Uri(seen.Last(u => u.Contains("/oauth/callback", StringComparison.Ordinal)));
            var instanceId = System.Web.HttpUtility.ParseQueryString(callback.Query)["instanceId"]!;
            fixture.Secrets.Add(System.Web.HttpUtility.ParseQueryString(callback.Query)["code"]);

            // The token API serves a token for the new instance, produced by the refresh token.
            using var client = fixture.CreateClient(withApiKey: true);
            using var tokenResponse = await client.PostAsync(new Uri($"/api/v1/instances/{instanceId}/token", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
            var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("refresh_token", token.GetProperty("strategy").GetString());
            fixture.Secrets.Add(token.GetProperty("access_token").GetString());

            using var statusResponse = await client.GetAsync(new Uri($"/api/v1/instances/{instanceId}", UriKind.Relative));
            var status = JsonDocument.Parse(await statusResponse.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("refresh_token", status.GetProperty("strategy").GetString());
            Assert.True(status.GetProperty("has_refresh_token").GetBoolean());

            // The database holds the refresh token, encrypted (Data Protection payloads are base64url, never the token).
            var ciphertext = await fixture.Database.ScalarAsync<string>(
                "SELECT refresh_token_ciphertext FROM wix_installations WHERE instance_id = @id", ("id", instanceId));
            Assert.False(string.IsNullOrEmpty(ciphertext));
            Assert.True(ciphertext!.Length > 60);

            // Wix's AppInstalled webhook reached the host and was acknowledged.
            var delivery = await fixture.Simulator.Control.WaitForWebhookAsync("AppInstalled", instanceId, TimeSpan.FromSeconds(10));
            Assert.Equal(200, delivery.StatusCode);

            // The dashboard as Wix opens it, with a signed instance.
            var signed = fixture.Simulator.Control.CreateSignedInstance(instanceId);
            fixture.Secrets.Add(signed);
            await page.GotoAsync(new Uri(fixture.HostUrl, "/dashboard?instance=" + Uri.EscapeDataString(signed)).ToString());
            Assert.Contains("Installed", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            Assert.Contains("Refresh token", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.ArtifactsDirectory, "dashboard-page.png"), FullPage = true });
            await context.CloseAsync();
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
