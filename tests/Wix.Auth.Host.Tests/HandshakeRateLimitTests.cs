using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>Checklist I2: the handshake endpoints are rate-limited per client; webhooks are not.</summary>
public sealed class HandshakeRateLimitTests(HandshakeRateLimitTests.Fixture fixture) : IClassFixture<HandshakeRateLimitTests.Fixture>
{
    [Fact]
    public async Task Over_the_limit_the_install_and_complete_endpoints_answer_429_with_a_readable_page_while_webhooks_still_pass()
    {
        using var client = fixture.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Fixture.Limit + 1; i++)
        {
            using var response = await client.GetAsync(new Uri("/oauth/install?token=market-token-" + i, UriKind.Relative));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Too many attempts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // The onboarding return shares the limit (a ticket is a credential): refused before its ticket is even read.
        using (var complete = await client.GetAsync(new Uri("/oauth/complete?ticket=guess", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, complete.StatusCode);
        }

        var webhookStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < Fixture.Limit * 3; i++)
        {
            using var webhook = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, fixture.Simulator.Control.CreateInstalledInstance()));
            webhookStatuses.Add(webhook.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Redirect, Fixture.Limit), statuses.Take(Fixture.Limit));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(webhookStatuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    public sealed class Fixture : ServerFixture
    {
        public const int Limit = 3;

        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            [new("WixAuth:HandshakeRequestsPerMinute", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }
}
