using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// Checklist I1 with forwarding switched on: headers from a proxy that is not configured are ignored. What they would
/// change is visible: <c>X-Forwarded-Proto: https</c> honoured makes the request https, so the correlation cookie
/// (SameAsRequest on an http public URL) would become <c>secure</c>. The framework trusts loopback by default; we must not.
/// </summary>
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.Fixture fixture) : IClassFixture<ForwardedHeadersTests.Fixture>
{
    [Fact]
    public async Task Forwarded_headers_from_an_unknown_proxy_change_neither_the_scheme_nor_the_redirect_to_the_installer()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/oauth/install?token=market-token-123456", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.DoesNotContain("evil.example", Uri.UnescapeDataString(location), StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(new Uri(fixture.HostUrl, "/oauth/callback").ToString()), location, StringComparison.Ordinal);
        var correlation = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Wix.Auth.Correlation.", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", correlation, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Forwarding on, trusting only a proxy address the test never sends from.</summary>
    public sealed class Fixture : ServerFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("WixAuth:ForwardedHeaders:Enabled", "true"),
            new("WixAuth:ForwardedHeaders:KnownProxies:0", "10.9.9.9"),
        ];
    }
}
