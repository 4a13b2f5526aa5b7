using System.Net;
using System.Text.RegularExpressions;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>The pages of the local run (Development): the landing page, the operator view's order and links, the way back after an error.</summary>
public sealed partial class LocalRunPagesTests(DevelopmentServerFixture fixture) : IClassFixture<DevelopmentServerFixture>
{
    [Fact]
    public async Task The_landing_page_links_install_operator_view_API_reference_and_each_installations_dashboard_and_status()
    {
        var instanceId = await InstallAsync();

        var body = await GetAsync("/");

        Assert.Contains(fixture.Simulator.CreateMarketInstallUrl().ToString(), body, StringComparison.Ordinal);
        Assert.Contains("href=\"/operator/installations\"", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/scalar\"", body, StringComparison.Ordinal);
        Assert.Contains($"href=\"/operator/installations/{instanceId}\"", body, StringComparison.Ordinal);
        Assert.Contains($"/_simulator/instances/{instanceId}/dashboard", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_link_opens_the_installations_dashboard_as_the_owner()
    {
        var instanceId = await InstallAsync();
        using var client = new HttpClient { BaseAddress = fixture.HostUrl };

        using var response = await client.GetAsync(new Uri(fixture.Simulator.BaseUrl, $"/_simulator/instances/{instanceId}/dashboard"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/dashboard", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(instanceId, body, StringComparison.Ordinal);
        Assert.Contains("Installed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_page_shows_the_installation()
    {
        var instanceId = await InstallAsync();

        var body = await GetAsync($"/operator/installations/{instanceId}");

        Assert.Contains(instanceId, body, StringComparison.Ordinal);
        Assert.Contains("client_credentials", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_view_lists_the_newest_installation_first_with_links_to_its_status_and_dashboard()
    {
        var older = await InstallAsync();
        await Task.Delay(20);
        var newer = await InstallAsync();

        var body = await GetAsync("/operator/installations");
        var order = InstanceIds().Matches(body).Select(m => m.Value).Distinct().ToList();

        Assert.True(order.IndexOf(newer) >= 0 && order.IndexOf(newer) < order.IndexOf(older), "newest first");
        Assert.Contains($"href=\"/operator/installations/{newer}\"", body, StringComparison.Ordinal);
        Assert.Contains($"/_simulator/instances/{newer}/dashboard", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_page_of_the_handshake_offers_to_start_again()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/oauth/callback?code=abc&state=forged&instanceId=" + Guid.NewGuid(), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"href=\"{fixture.Simulator.CreateMarketInstallUrl()}\"", body, StringComparison.Ordinal);
        Assert.Contains("Start the installation again", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_reference_is_served_in_development()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/scalar/v1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex InstanceIds();

    private async Task<string> InstallAsync()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using var installed = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId));
        Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        return instanceId;
    }

    private async Task<string> GetAsync(string path)
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }
}
