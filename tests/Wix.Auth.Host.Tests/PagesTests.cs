using System.Net;
using System.Net.Http.Headers;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>What a person or a probe sees: the dashboard, the operator view, health, and error pages on the owner's path.</summary>
public sealed class PagesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_dashboard_shows_the_status_of_the_instance_named_by_a_valid_signed_instance()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using (var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        var body = await GetPageAsync("/dashboard?instance=" + Uri.EscapeDataString(Signed(instanceId)), HttpStatusCode.OK);

        Assert.Contains(instanceId, body, StringComparison.Ordinal);
        Assert.Contains("Client credentials", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_signed_instance_gets_a_401_page_that_shows_nothing_of_the_instance()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var signed = Signed(instanceId);
        var tampered = signed[..^3] + (signed[^3] == 'A' ? 'B' : 'A') + signed[^2..];

        var body = await GetPageAsync("/dashboard?instance=" + Uri.EscapeDataString(tampered), HttpStatusCode.Unauthorized);

        Assert.DoesNotContain(instanceId, body, StringComparison.Ordinal);
        Assert.Contains("not valid", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_visitors_signed_instance_gets_403()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var anonymous = fixture.Simulator.Control.CreateSignedInstance(instanceId, aid: Guid.NewGuid().ToString());
        fixture.Secrets.Add(anonymous);

        await GetPageAsync("/dashboard?instance=" + Uri.EscapeDataString(anonymous), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_dashboard_without_an_instance_explains_where_to_open_it()
    {
        var body = await GetPageAsync("/dashboard", HttpStatusCode.BadRequest);

        Assert.Contains("Open this page from Wix", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_view_needs_the_API_key_and_pages_through_installations()
    {
        for (var i = 0; i < 3; i++)
        {
            using var r = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, fixture.Simulator.Control.CreateInstalledInstance()));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        await GetPageAsync("/operator/installations", HttpStatusCode.Unauthorized);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("[5012]", StringComparison.Ordinal) && l.Contains("/operator/installations", StringComparison.Ordinal));
        using var client = fixture.CreateClient(withApiKey: true);
        using var response = await client.GetAsync(new Uri("/operator/installations?page=1", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Installations — page 1", body, StringComparison.Ordinal);
        Assert.Contains("client_credentials", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_and_readiness_reports_the_migrated_database()
    {
        using var client = fixture.CreateClient();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_callback_without_a_valid_state_gets_a_readable_html_error_page_not_a_stack_trace()
    {
        var body = await GetPageAsync("/oauth/callback?code=forged-code-123456&state=forged-state-123456&instanceId=" + Guid.NewGuid(), null);

        Assert.StartsWith("<!doctype html>", body.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    private string Signed(string instanceId)
    {
        var signed = fixture.Simulator.Control.CreateSignedInstance(instanceId);
        fixture.Secrets.Add(signed);
        return signed;
    }

    private async Task<string> GetPageAsync(string pathAndQuery, HttpStatusCode? expected)
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        fixture.Secrets.AddResponse(body);
        if (expected is { } status)
        {
            Assert.Equal(status, response.StatusCode);
        }
        else
        {
            Assert.True((int)response.StatusCode >= 400, $"expected an error status, got {(int)response.StatusCode}");
        }

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}
