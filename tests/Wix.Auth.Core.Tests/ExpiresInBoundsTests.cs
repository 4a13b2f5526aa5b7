using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Core.Tests.Framework;

namespace Wix.Auth.Core.Tests;

/// <summary>
/// What Wix says about a token's lifetime is bounded (issue #10): above 24 hours or at or below zero is a protocol
/// error, never an overflow or a 500 — and never a reason to throw away a refresh token Wix cannot give again.
/// </summary>
public sealed class ExpiresInBoundsTests
{
    private const string AppId = "0b0b5b8e-5f3c-4b9a-9d61-6a3a3f1c2d01";
    private const string Secret = "s3cr3t-app-secret-value";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("86401")]
    [InlineData("9223372036854775807")]
    [InlineData("99999999999999999999999")]
    [InlineData("1e30")]
    [InlineData("3600.5")]
    [InlineData("\"soon\"")]
    [InlineData("\"-5\"")]
    [InlineData("{}")]
    [InlineData("true")]
    public async Task Client_credentials_with_an_expires_in_out_of_bounds_is_a_protocol_error(string expiresIn)
    {
        await using var wix = await MisbehavingServer.StartAsync(ctx => ctx.Response.WriteAsync("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret, time: new FakeTimeProvider(Now));

        var ex = await Assert.ThrowsAsync<WixTokenException>(() => services.GetRequiredService<IWixTokenClient>().RequestClientCredentialsTokenAsync("instance-1", CancellationToken.None));

        Assert.Equal(WixTokenErrorKind.Protocol, ex.Kind);
        Assert.Contains("expires_in", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("14400", 14400)]
    [InlineData("86400", 86400)]
    [InlineData("1", 1)]
    // Deliberate: a string of digits is accepted, the proto-JSON int64 convention Wix uses for Token Info's exp.
    [InlineData("\"14400\"", 14400)]
    public async Task Client_credentials_within_bounds_expire_exactly_when_wix_said(string expiresIn, int seconds)
    {
        await using var wix = await MisbehavingServer.StartAsync(ctx => ctx.Response.WriteAsync("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret, time: new FakeTimeProvider(Now));

        var token = await services.GetRequiredService<IWixTokenClient>().RequestClientCredentialsTokenAsync("instance-1", CancellationToken.None);

        Assert.Equal(Now.AddSeconds(seconds), token.ExpiresAt);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    [InlineData("99999999999999999999999")]
    [InlineData("\"soon\"")]
    public async Task A_redeemed_code_with_an_unusable_expires_in_keeps_its_refresh_token_and_assumes_the_legacy_lifetime(string expiresIn)
    {
        await using var wix = await MisbehavingServer.StartAsync(ctx => ctx.Response.WriteAsync("{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"expires_in\":" + expiresIn + "}"));
        await using var services = WixAuthServices.Build(wix.BaseUrl, AppId, Secret, o => o.LegacyAccessTokenLifetime = TimeSpan.FromMinutes(5), time: new FakeTimeProvider(Now));

        var token = await services.GetRequiredService<IWixTokenClient>().RedeemAuthorizationCodeAsync("code-1", CancellationToken.None);

        Assert.Equal("rt", token.RefreshToken);
        Assert.Equal(Now.AddMinutes(5), token.ExpiresAt);
        Assert.Equal(1, wix.Requests);
    }
}
