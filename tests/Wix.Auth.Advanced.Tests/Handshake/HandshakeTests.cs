using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced.Internal.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Advanced.Tests.Storage;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>The install handshake end to end: App Market link, our App URL, Wix's consent page, our callback, close-window.</summary>
public sealed class HandshakeTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private AdvancedApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Full_handshake_stores_one_installation_with_an_encrypted_refresh_token_and_closes_the_window()
    {
        using var browser = new BrowserlessInstaller();

        var result = await browser.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());

        Assert.True(result.ReachedCloseWindow, $"Ended on {result.FinalUrl} ({(int)result.FinalStatus}): {result.FinalBody}");
        Assert.Contains(result.Visited, u => u.AbsolutePath == "/oauth/install" && u.Query.Contains("token=", StringComparison.Ordinal));
        var callback = Assert.Single(result.Visited, u => u.AbsolutePath == "/oauth/callback");
        var instanceId = QueryHelpers.ParseQuery(callback.Query)["instanceId"].ToString();
        Assert.Equal(1, await fixture.InstallationCountAsync());
        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);

        var installation = await App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.NotNull(installation);
        Assert.True(installation.HasRefreshToken);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, installation.Strategy);

        string refreshToken;
        await using (var lease = await App.RefreshTokens.AcquireRefreshLeaseAsync(instanceId, CancellationToken.None))
        {
            refreshToken = Assert.IsType<string>(lease.RefreshToken);
        }

        Assert.True(fixture.Simulator.Control.IsRefreshTokenActive(refreshToken), "The stored refresh token is not the one Wix issued.");
        var raw = await StoreAssertions.RawTableAsync(fixture.Database.DataSource);
        Assert.DoesNotContain(refreshToken, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(StoreAssertions.Base64(refreshToken), raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_url_redirects_to_the_installer_with_wix_parameter_names_and_a_correlation_cookie()
    {
        using var browser = new BrowserlessInstaller();

        using var response = await browser.GetAsync(new Uri(App.InstallUrl, "?token=market-token-1"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(fixture.Simulator.BaseUrl, "/installer/install").AbsoluteUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(["token", "appId", "redirectUrl", "state"], query.Keys.ToArray());
        Assert.Equal("market-token-1", query["token"].ToString());
        Assert.Equal(fixture.Simulator.Control.AppId, query["appId"].ToString());
        Assert.Equal(App.CallbackUrl.AbsoluteUri, query["redirectUrl"].ToString());
        Assert.Equal("unsafe-none", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        var cookie = Assert.Single(browser.Cookies.GetAllCookies());
        Assert.StartsWith(".Wix.Auth.Correlation.", cookie.Name, StringComparison.Ordinal);
        Assert.Equal("/oauth/callback", cookie.Path);
        Assert.True(cookie.HttpOnly);
        // CookieContainer drops SameSite: read it from the header. Lax keeps the cookie off cross-site POSTs.
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);

        // The state is protected (only our Data Protection key opens it), carries the cookie's correlation ID, and is
        // fresh per start: a second start gets another state and another correlation ID.
        var format = App.Services.GetRequiredService<IOptionsMonitor<WixOAuthOptions>>().Get(WixOAuthDefaults.AuthenticationScheme).StateDataFormat;
        var state = query["state"].ToString();
        var properties = format.Unprotect(state);
        Assert.NotNull(properties);
        var correlationId = properties.Items[".xsrf"];
        Assert.Equal(".Wix.Auth.Correlation." + correlationId, cookie.Name);
        Assert.Null(format.Unprotect(state[..^4] + (state[^4] == 'A' ? 'B' : 'A') + state[^3..]));
        Assert.DoesNotContain(correlationId!, state, StringComparison.Ordinal);

        using var second = await browser.GetAsync(new Uri(App.InstallUrl, "?token=market-token-1"));
        var secondState = QueryHelpers.ParseQuery(second.Headers.Location!.Query)["state"].ToString();
        Assert.NotEqual(state, secondState);
        Assert.NotEqual(correlationId, format.Unprotect(secondState)!.Items[".xsrf"]);
    }

    [Fact]
    public void Over_https_the_correlation_cookie_is_a_host_prefixed_secure_lax_cookie_for_the_whole_host()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Options.Create(new WixAuthOptions { AppId = fixture.Simulator.Control.AppId, AppSecret = "s", ApiBaseUrl = fixture.Simulator.BaseUrl, InstallerBaseUrl = fixture.Simulator.BaseUrl }))
            .AddSingleton(TimeProvider.System);
        var options = new WixOAuthOptions { PublicBaseUrl = new Uri("https://auth.example.test"), RequireHttpsCookies = true };
        ActivatorUtilities.CreateInstance<PostConfigureWixOAuthOptions>(services.BuildServiceProvider()).PostConfigure(WixOAuthDefaults.AuthenticationScheme, options);
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";

        var cookie = options.CorrelationCookie.Build(context);

        Assert.StartsWith("__Host-", options.CorrelationCookie.Name, StringComparison.Ordinal);
        Assert.True(cookie.Secure);
        Assert.Equal("/", cookie.Path);
        Assert.Null(cookie.Domain);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
    }

    [Fact]
    public async Task A_start_without_token_sends_no_token_to_the_installer_and_still_installs()
    {
        using var browser = new BrowserlessInstaller();

        using var start = await browser.GetAsync(App.InstallUrl);
        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        Assert.False(QueryHelpers.ParseQuery(start.Headers.Location!.Query).ContainsKey("token"));

        var callback = await browser.RedirectToCallbackAsync(App.InstallUrl);
        using var finish = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Found, finish.StatusCode);
        Assert.Equal("/installer/close-window", finish.Headers.Location!.AbsolutePath);
        Assert.Equal(1, await fixture.InstallationCountAsync());
    }

    [Fact]
    public async Task Callback_redirects_to_a_clean_close_window_url_with_protective_headers()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        using var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(fixture.Simulator.BaseUrl, "/installer/close-window").AbsoluteUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(["access_token"], query.Keys.ToArray());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("unsafe-none", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        // The correlation cookie is deleted on use.
        Assert.Empty(browser.Cookies.GetAllCookies());

        using var close = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
    }

    [Fact]
    public async Task Ten_concurrent_identical_callbacks_redeem_the_code_once_and_install_once()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());

        // Ten identical requests, each with the correlation cookie as the browser held it when they left (a double
        // click or a retried request). Through the shared cookie jar, a request sent after the first answer had
        // deleted the cookie would be a different request: a replay without the cookie, which is refused.
        var cookie = browser.Cookies.GetCookieHeader(callback);
        using var sameCookieClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, callback);
            request.Headers.Add("Cookie", cookie);
            return await sameCookieClient.SendAsync(request);
        }));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Found);
            var others = responses.Where(r => r.StatusCode != HttpStatusCode.Found).ToList();
            Assert.Equal(9, others.Count);
            foreach (var other in others)
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
                Assert.Contains("already been completed", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }

        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);
        Assert.Equal(1, await fixture.InstallationCountAsync());
    }
}
