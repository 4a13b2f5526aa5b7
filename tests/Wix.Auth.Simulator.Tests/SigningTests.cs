using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Simulator.Tests;

/// <summary>Webhook JWTs verify with the published public key; signed instances verify with the app secret (§5, §6).</summary>
public sealed class SigningTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private readonly WixSimulatorControl _control = fixture.Control;

    [Fact]
    public async Task Webhook_jwt_verifies_with_the_public_key_and_has_three_layers()
    {
        var instanceId = _control.CreateInstalledInstance();
        var jwt = _control.CreateWebhookJwt("AppInstalled", instanceId, $$"""{"appId":"{{_control.AppId}}","originInstanceId":"abc"}""");

        var result = await ValidateAsync(jwt, _control.PublicKeyPem);

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        var layer2 = JsonDocument.Parse(token.GetClaim("data").Value).RootElement;
        Assert.Equal("AppInstalled", layer2.GetProperty("eventType").GetString());
        Assert.Equal(instanceId, layer2.GetProperty("instanceId").GetString());
        var layer3 = JsonDocument.Parse(layer2.GetProperty("data").GetString()!).RootElement;
        Assert.Equal(_control.AppId, layer3.GetProperty("appId").GetString());
        Assert.Equal("abc", layer3.GetProperty("originInstanceId").GetString());
    }

    [Fact]
    public async Task Webhook_jwt_does_not_verify_with_another_key()
    {
        using var other = RSA.Create(2048);
        var jwt = _control.CreateWebhookJwt("AppRemoved", _control.CreateInstalledInstance(), "{}");

        var result = await ValidateAsync(jwt, other.ExportSubjectPublicKeyInfoPem());

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Webhook_jwt_carries_the_requested_issue_time_and_lifetime()
    {
        var issuedAt = DateTimeOffset.UtcNow.AddHours(-2);
        var jwt = _control.CreateWebhookJwt("AppRemoved", _control.CreateInstalledInstance(), "{}", issuedAt, TimeSpan.FromMinutes(30));

        var result = await ValidateAsync(jwt, _control.PublicKeyPem);
        var token = new JsonWebToken(jwt);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
        Assert.Equal(issuedAt.ToUnixTimeSeconds(), new DateTimeOffset(token.IssuedAt).ToUnixTimeSeconds());
        Assert.Equal(issuedAt.AddMinutes(30).ToUnixTimeSeconds(), new DateTimeOffset(token.ValidTo).ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData(SignedInstanceFormat.UnpaddedBase64Url)]
    [InlineData(SignedInstanceFormat.PaddedStandardBase64)]
    public void Signed_instance_is_an_hmac_of_the_raw_data_segment(SignedInstanceFormat format)
    {
        var instanceId = _control.CreateInstalledInstance();

        var value = _control.CreateSignedInstance(instanceId, format);

        var parts = value.Split('.');
        Assert.Equal(2, parts.Length);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_control.AppSecret), Encoding.ASCII.GetBytes(parts[1]));
        Assert.Equal(expected, Decode(parts[0]));
        var payload = JsonDocument.Parse(Decode(parts[1])).RootElement;
        Assert.Equal(instanceId, payload.GetProperty("instanceId").GetString());
        Assert.Equal(_control.AppId, payload.GetProperty("appDefId").GetString());
        if (format == SignedInstanceFormat.UnpaddedBase64Url)
        {
            Assert.DoesNotContain(value, c => c is '=' or '+' or '/');
        }
        else
        {
            // Padded base64 always comes in whole 4-character groups.
            Assert.Equal(0, parts[1].Length % 4);
            Assert.Equal(0, parts[0].Length % 4);
        }
    }

    [Fact]
    public void Signed_instance_does_not_verify_with_another_secret()
    {
        var value = _control.CreateSignedInstance(_control.CreateInstalledInstance());
        var parts = value.Split('.');

        var forged = HMACSHA256.HashData(Encoding.UTF8.GetBytes("another-secret"), Encoding.ASCII.GetBytes(parts[1]));

        Assert.NotEqual(forged, Decode(parts[0]));
    }

    private static Task<TokenValidationResult> ValidateAsync(string jwt, string publicKeyPem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        return new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(rsa),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.Zero,
        });
    }

    private static byte[] Decode(string segment)
    {
        var s = segment.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
