using System.Net;
using System.Text.Json;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>Bare error statuses get a body: a page for people, problem JSON under /api (outside Development).</summary>
public sealed class ErrorStatusPagesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/no/such/page")]
    [InlineData("/scalar/v1")]
    public async Task An_unknown_path_answers_a_404_page(string path)
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_path_answers_problem_json_404()
    {
        using var client = fixture.CreateClient(withApiKey: true);
        using var response = await client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Get_on_the_token_route_answers_405_problem_json_naming_POST()
    {
        using var client = fixture.CreateClient(withApiKey: true);
        using var response = await client.GetAsync(new Uri($"/api/v1/instances/{Guid.NewGuid()}/token", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Contains("POST", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_install_without_state_says_you_cancelled_on_a_styled_page()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/oauth/callback?error=access_denied", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You cancelled the install", body, StringComparison.Ordinal);
        Assert.DoesNotContain("state", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<style>", body, StringComparison.Ordinal);
        Assert.Contains("start again", body, StringComparison.Ordinal);
    }
}
