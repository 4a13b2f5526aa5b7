using System.Net;
using System.Web;

namespace Wix.Auth.Simulator.Tests;

/// <summary><c>/oauth/access</c>: the authorization-code and refresh-token grants of the legacy handshake.</summary>
public sealed class LegacyGrantTests(FakeClockSimulatorFixture fixture) : IClassFixture<FakeClockSimulatorFixture>
{
    private const string RedirectUrl = "https://app.example/oauth/callback";
    private readonly HttpClient _client = fixture.Client;
    private readonly WixSimulatorControl _control = fixture.Control;

    [Fact]
    public async Task Code_is_exchanged_once_for_access_and_refresh_tokens()
    {
        var (code, _) = await ConsentAsync();

        var (first, body) = await _client.RedeemCodeAsync(_control, code);
        var (second, again) = await _client.RedeemCodeAsync(_control, code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.StartsWith("OauthNG.JWS.", body.Str("access_token"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body.Str("refresh_token")));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("invalid_grant", again.Str("error"));
    }

    [Fact]
    public async Task Code_expires_after_ten_minutes()
    {
        var (code, _) = await ConsentAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(10));

        var (response, body) = await _client.RedeemCodeAsync(_control, code);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body.Str("error"));
    }

    [Fact]
    public async Task Code_just_under_ten_minutes_old_still_works()
    {
        var (code, _) = await ConsentAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        var (response, _) = await _client.RedeemCodeAsync(_control, code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_code_is_invalid_grant()
    {
        var (response, body) = await _client.RedeemCodeAsync(_control, "no-such-code");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body.Str("error"));
    }

    [Fact]
    public async Task Code_exchange_with_wrong_secret_is_invalid_client()
    {
        var (code, _) = await ConsentAsync();

        var (response, body) = await _client.PostJsonAsync("/oauth/access", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = _control.AppId, ["client_secret"] = "wrong", ["code"] = code,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", body.Str("error"));
    }

    [Fact]
    public async Task Refresh_returns_the_same_refresh_token_when_rotation_is_off()
    {
        var refreshToken = _control.IssueRefreshToken(_control.CreateInstalledInstance());

        var (first, body1) = await _client.RefreshAsync(_control, refreshToken);
        var (second, body2) = await _client.RefreshAsync(_control, refreshToken, path: "/oauth/access/");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(refreshToken, body1.Str("refresh_token"));
        Assert.Equal(refreshToken, body2.Str("refresh_token"));
        Assert.NotEqual(body1.Str("access_token"), body2.Str("access_token"));
    }

    [Fact]
    public async Task Rotation_returns_a_new_refresh_token_and_revokes_the_old_one()
    {
        var refreshToken = _control.IssueRefreshToken(_control.CreateInstalledInstance());
        _control.RotateRefreshTokens = true;
        try
        {
            var (first, body) = await _client.RefreshAsync(_control, refreshToken);
            var rotated = body.Str("refresh_token");
            var (replayed, replayBody) = await _client.RefreshAsync(_control, refreshToken);
            var (next, _) = await _client.RefreshAsync(_control, rotated);

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.NotEqual(refreshToken, rotated);
            Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
            Assert.Equal("invalid_grant", replayBody.Str("error"));
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
        finally
        {
            _control.RotateRefreshTokens = false;
        }
    }

    [Fact]
    public async Task Legacy_access_token_lives_the_configured_lifetime()
    {
        var instanceId = _control.CreateInstalledInstance();
        var (_, body) = await _client.RefreshAsync(_control, _control.IssueRefreshToken(instanceId));
        var accessToken = body.Str("access_token");

        var (fresh, _) = await _client.GetJsonAsync("/apps/v1/instance", accessToken);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var (stale, error) = await _client.GetJsonAsync("/apps/v1/instance", accessToken);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("details").GetProperty("applicationError").Str("code"));
    }

    [Fact]
    public async Task Uninstall_revokes_refresh_tokens_and_reinstall_does_not_revive_them()
    {
        var instanceId = _control.CreateInstalledInstance();
        var refreshToken = _control.IssueRefreshToken(instanceId);
        var (_, body) = await _client.RefreshAsync(_control, refreshToken);

        _control.Uninstall(instanceId);
        var (afterUninstall, error) = await _client.RefreshAsync(_control, refreshToken);
        var (api, _) = await _client.GetJsonAsync("/apps/v1/instance", body.Str("access_token"));
        _control.Reinstall(instanceId);
        var (afterReinstall, _) = await _client.RefreshAsync(_control, refreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, afterUninstall.StatusCode);
        Assert.Equal("invalid_grant", error.Str("error"));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterReinstall.StatusCode);
        Assert.True(_control.IsInstalled(instanceId));
    }

    [Fact]
    public async Task Clone_is_installed_without_a_refresh_token_and_remembers_its_origin()
    {
        var origin = _control.CreateInstalledInstance();
        var clone = _control.CloneSite(origin);

        var (tokenResponse, token) = await _client.ClientCredentialsAsync(_control, clone);
        var (_, instance) = await _client.GetJsonAsync("/apps/v1/instance", token.Str("access_token"));

        Assert.NotEqual(origin, clone);
        Assert.True(_control.IsInstalled(clone));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        Assert.Equal(origin, instance.GetProperty("instance").Str("originInstanceId"));
        Assert.Equal(clone, instance.GetProperty("instance").Str("instanceId"));
    }

    [Fact]
    public async Task Unknown_refresh_token_is_invalid_grant()
    {
        var (response, body) = await _client.RefreshAsync(_control, "OauthNG.JWS.unknown");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body.Str("error"));
    }

    /// <summary>Runs the installer without a market token (install begun outside Wix) and returns the callback's code.</summary>
    private async Task<(string Code, string InstanceId)> ConsentAsync()
    {
        if (!_control.Options.RedirectUrls.Contains(RedirectUrl))
        {
            _control.Options.RedirectUrls.Add(RedirectUrl);
        }

        var page = await _client.GetStringAsync($"/installer/install?appId={_control.AppId}&redirectUrl={Uri.EscapeDataString(RedirectUrl)}");
        var consentId = System.Text.RegularExpressions.Regex.Match(page, "name=\"consent\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("consent", consentId)]);
        using var response = await _client.PostAsync("/installer/consent", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        return (query["code"]!, query["instanceId"]!);
    }
}
