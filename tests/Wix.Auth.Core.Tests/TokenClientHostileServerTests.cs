using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Core.Tests.Framework;

namespace Wix.Auth.Core.Tests;

/// <summary>Checklist C2/C3: answers the simulator never gives, from a real local server.</summary>
public sealed class TokenClientHostileServerTests
{
    private const string AppId = "0b0b5b8e-5f3c-4b9a-9d61-6a3a3f1c2d01";
    private const string Secret = "s3cr3t-app-secret-value";

    [Fact]
    public async Task A_307_redirect_is_not_followed_and_fails_closed()
    {
        await using var elsewhere = await MisbehavingServer.StartAsync(ctx => ctx.Response.WriteAsync("{\"access_token\":\"stolen\",\"expires_in\":14400}"));
        await using var wix = await MisbehavingServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 307;
            ctx.Response.Headers.Location = new Uri(elsewhere.BaseUrl, "/oauth2/token").ToString();
            return Task.CompletedTask;
        });
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret);

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => services.GetRequiredService<IWixTokenClient>().RequestClientCredentialsTokenAsync("instance-1", CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.Protocol, ex.Kind);
        Assert.Equal(307, ex.StatusCode);
        Assert.Equal(0, elsewhere.Requests);
        Assert.Equal(1, wix.Requests);
    }

    [Theory]
    [InlineData("{\"error\":\"invalid_grant\",\"error_description\":\"nope\"}", WixTokenErrorKind.InvalidGrant)]
    [InlineData("{\"token_type\":\"Bearer\",\"expires_in\":14400}", WixTokenErrorKind.Protocol)]
    [InlineData("{\"access_token\":\"abc\",\"expires_in\":", WixTokenErrorKind.Protocol)]
    [InlineData("<html>not json</html>", WixTokenErrorKind.Protocol)]
    [InlineData("{\"access_token\":\"abc\"}", WixTokenErrorKind.Protocol)]
    public async Task A_200_that_is_not_a_usable_token_is_a_failure(string body, WixTokenErrorKind expected)
    {
        await using var wix = await MisbehavingServer.StartAsync(ctx => ctx.Response.WriteAsync(body));
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret);

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => services.GetRequiredService<IWixTokenClient>().RequestClientCredentialsTokenAsync("instance-1", CancellationToken.None));

        Assert.Equal(expected, ex.Kind);
        Assert.Equal(1, wix.Requests);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oversized_body_is_rejected_with_or_without_content_length(bool sendLength)
    {
        var huge = Encoding.UTF8.GetBytes("{\"access_token\":\"" + new string('a', 5 * 1024 * 1024) + "\",\"expires_in\":14400}");
        await using var wix = await MisbehavingServer.StartAsync(async ctx =>
        {
            if (sendLength)
            {
                ctx.Response.ContentLength = huge.Length;
            }

            await ctx.Response.Body.WriteAsync(huge);
        });
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret);

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => services.GetRequiredService<IWixTokenClient>().RequestClientCredentialsTokenAsync("instance-1", CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.Protocol, ex.Kind);
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_echoed_by_the_server_is_redacted_and_the_request_id_kept()
    {
        await using var wix = await MisbehavingServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.Headers["x-wix-request-id"] = "req-123";
            return ctx.Response.WriteAsync("{\"message\":\"bad client_secret " + Secret + " for code the-code\"}");
        });
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret);

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => services.GetRequiredService<IWixTokenClient>().RedeemAuthorizationCodeAsync("the-code", CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("req-123", ex.RequestId);
        Assert.Contains("[redacted]", ex.ErrorDescription, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("the-code", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_slower_than_the_attempt_timeout_is_retried_then_reported_transient()
    {
        await using var wix = await MisbehavingServer.StartAsync(async ctx => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret, o =>
        {
            // Wide enough that the retry's request reaches the server on a loaded machine (at 300 ms it sometimes did
            // not, and the server counted one request); still far below the server's 30 s, so both attempts time out.
            o.HttpAttemptTimeout = TimeSpan.FromSeconds(2);
            o.MaxRetryAttempts = 1;
        });

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => services.GetRequiredService<IWixTokenClient>().RequestClientCredentialsTokenAsync("instance-1", CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.Transient, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Equal(2, wix.Requests);
    }

    [Theory]
    [InlineData("{\"active\":\"true\",\"exp\":\"1715096067\",\"iat\":\"1715081667\",\"instanceId\":\"i-1\"}")]
    [InlineData("{\"active\":true,\"exp\":1715096067,\"iat\":1715081667,\"instanceId\":\"i-1\"}")]
    public async Task Token_info_accepts_exp_and_active_as_strings_or_native_values(string body)
    {
        await using var wix = await MisbehavingServer.StartAsync(ctx => ctx.Response.WriteAsync(body));
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret);

        var info = await services.GetRequiredService<IWixTokenClient>().GetTokenInfoAsync("some-token", CancellationToken.None);

        Assert.True(info.Active);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1715096067), info.ExpiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1715081667), info.IssuedAt);
        Assert.Equal("i-1", info.InstanceId);
    }
}
