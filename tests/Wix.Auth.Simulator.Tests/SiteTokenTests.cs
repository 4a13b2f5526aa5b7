using System.Globalization;
using System.Net;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Simulator.Tests;

/// <summary>Dashboard users, members and visitors: their tokens, Token Info for them, uninstall, and the dashboard URL.</summary>
public sealed class SiteTokenTests(SiteTokenTests.Fixture fixture) : IClassFixture<SiteTokenTests.Fixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly WixSimulatorControl _control = fixture.Control;

    [Theory]
    [InlineData("USER")]
    [InlineData("MEMBER")]
    [InlineData("VISITOR")]
    public async Task Token_Info_describes_a_site_token_issued_through_the_control_API(string subjectType)
    {
        var instanceId = _control.CreateInstalledInstance();
        var (issued, token) = await _client.PostJsonAsync($"/_simulator/instances/{instanceId}/site-tokens", new { subjectType, subjectId = "s-1", lifetimeSeconds = 600 });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);

        var (response, body) = await _client.PostJsonAsync("/oauth2/token-info", new { token = token.Str("access_token") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal(subjectType, body.Str("subjectType"));
        Assert.Equal("s-1", body.Str("subjectId"));
        Assert.Equal(_control.AppId, body.Str("clientId"));
        Assert.Equal(instanceId, body.Str("instanceId"));
        Assert.False(string.IsNullOrEmpty(body.Str("siteId")));
        Assert.Equal(600, long.Parse(body.Str("exp"), CultureInfo.InvariantCulture) - long.Parse(body.Str("iat"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Uninstalling_ends_the_sites_user_tokens()
    {
        var instanceId = _control.CreateInstalledInstance();
        var token = _control.IssueSiteToken(instanceId, WixSimulatedSubjectType.User);
        _control.Uninstall(instanceId);

        var (_, info) = await _client.PostJsonAsync("/oauth2/token-info", new { token });
        var (api, _) = await _client.GetJsonAsync("/apps/v1/instance", token);

        Assert.False(info.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_user_token_reads_the_instance_but_may_not_send_BI_events()
    {
        var instanceId = _control.CreateInstalledInstance();
        var token = _control.IssueSiteToken(instanceId, WixSimulatedSubjectType.User, subjectId: "u-9");

        var (read, _) = await _client.GetJsonAsync("/apps/v1/instance", token);
        var (bi, _) = await _client.PostJsonWithAuthAsync("/apps/v1/bi-event", token, new { eventName = "APP_FINISHED_CONFIGURATION" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bi.StatusCode);
        Assert.Contains(_control.ApiCalls, c => c.InstanceId == instanceId && c.SubjectType == "USER" && c.SubjectId == "u-9");
    }

    [Fact]
    public async Task The_dashboard_url_carries_the_query_Wix_opens_it_with()
    {
        var instanceId = _control.CreateInstalledInstance();

        var (response, body) = await _client.GetJsonAsync($"/_simulator/instances/{instanceId}/dashboard-url?locale=de");
        using var redirect = await _client.GetAsync(new Uri($"/_simulator/instances/{instanceId}/dashboard", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = new Uri(body.Str("url"));
        Assert.StartsWith(Fixture.DashboardUrl, url.AbsoluteUri, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("de", query["locale"]);
        Assert.Equal("dashboard", query["viewMode"]);
        Assert.False(string.IsNullOrEmpty(query["cacheKiller"]));
        Assert.True(_control.TryVerifySignedInstance(query["instance"]!, out var signed));
        Assert.Equal(instanceId, signed.InstanceId);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
    }

    [Fact]
    public async Task Bad_site_token_requests_are_refused()
    {
        var instanceId = _control.CreateInstalledInstance();

        var (badType, _) = await _client.PostJsonAsync($"/_simulator/instances/{instanceId}/site-tokens", new { subjectType = "APP" });
        var (unknown, _) = await _client.PostJsonAsync($"/_simulator/instances/{Guid.NewGuid()}/site-tokens", new { subjectType = "USER" });

        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A simulator that knows the app's dashboard page.</summary>
    public sealed class Fixture : SimulatorFixture
    {
        public const string DashboardUrl = "https://app.example.test/dashboard";

        protected override void Configure(WixSimulatorOptions options) => options.DashboardUrl = new Uri(DashboardUrl);
    }
}
