using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Wix.Auth.Core.Tests.Verification;

public sealed class WixInstanceVerifierTests
{
    private const string Secret = "b2d1c6d4-5f5e-4c1b-9a6e-0c7f5d9e3a21";
    private const string AppId = "0a6b3c1e-8c5d-4b7a-9f2e-1d3c5b7a9e0f";
    private static readonly DateTimeOffset Now = new(2024, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);

    private WixInstanceVerifier CreateVerifier(string secret = Secret, string appId = AppId, Action<WixInstanceVerificationOptions>? configure = null)
    {
        var options = new WixInstanceVerificationOptions();
        configure?.Invoke(options);
        return new WixInstanceVerifier(Options.Create(new WixAuthOptions { AppId = appId, AppSecret = secret }), Options.Create(options), _time);
    }

    private static string Payload(string appDefId = AppId, DateTimeOffset? signDate = null, string? aid = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["instanceId"] = "9f0e8d7c-6b5a-4321-8765-43210fedcba9",
            ["appDefId"] = appDefId,
            ["signDate"] = (signDate ?? Now.AddMinutes(-1)).ToString("O"),
            ["uid"] = "u-1",
            ["permissions"] = "OWNER",
            ["demoMode"] = false,
            ["siteOwnerId"] = "owner-1",
            ["vendorProductId"] = "premium",
            ["aid"] = aid,
        });

    // Signed independently of the verifier: unpadded base64url, as real Wix sends.
    private static string Sign(string json, string secret = Secret)
    {
        var data = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        return SignSegment(data, secret);
    }

    private static string SignSegment(string data, string secret = Secret) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(data))) + "." + data;

    private WixInstanceVerificationException Refused(string instance, WixInstanceVerifier? verifier = null)
    {
        var ex = Assert.Throws<WixInstanceVerificationException>(() => (verifier ?? CreateVerifier()).Verify(instance));
        foreach (var part in instance.Split('.').Where(p => p.Length >= 8))
        {
            Assert.DoesNotContain(part[..8], ex.Message, StringComparison.Ordinal);
        }

        return ex;
    }

    [Fact]
    public void Wix_sample_fixture_verifies_with_its_padded_standard_base64_data()
    {
        // From Wix's example app (InstanceDecoder.spec.js): data is JSON.stringify'd then standard base64 with padding.
        const string json = """{"instanceId":"aaaa","appDefId":"bbebb","signDate":"2021-12-27T11:52:00.639Z","uid":"aaaa","permissions":"OWNER","demoMode":false,"siteOwnerId":"aaaa","siteMemberId":"bbbb","expirationDate":"2021-12-27T15:52:00.639Z","loginAccountId":"aaaa"}""";
        var instance = "Dvlh7TlxkfER9776elfBYTLr-4Xh7xJUq2xRzmki42U." + Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        var verifier = new WixInstanceVerifier(
            Options.Create(new WixAuthOptions { AppId = "bbebb", AppSecret = "c8175096-0c39-4adc-9c93-2eccf3c9f6d5" }),
            Options.Create(new WixInstanceVerificationOptions()),
            new FakeTimeProvider(new DateTimeOffset(2021, 12, 27, 12, 0, 0, TimeSpan.Zero)));

        var signed = verifier.Verify(instance);

        Assert.Equal("aaaa", signed.InstanceId);
        Assert.Equal("bbebb", signed.AppDefId);
        Assert.Equal(new DateTimeOffset(2021, 12, 27, 11, 52, 0, 639, TimeSpan.Zero), signed.SignDate);
        Assert.Equal(new DateTimeOffset(2021, 12, 27, 15, 52, 0, 639, TimeSpan.Zero), signed.ExpirationDate);
        Assert.Equal("bbbb", signed.SiteMemberId);
        Assert.Equal("aaaa", signed.LoginAccountId);
        Assert.False(signed.DemoMode);
        Assert.True(signed.IsOwnerOrCollaborator);
    }

    [Fact]
    public void An_unpadded_base64url_value_verifies_and_parses()
    {
        var signed = CreateVerifier().Verify(Sign(Payload()));

        Assert.Equal("9f0e8d7c-6b5a-4321-8765-43210fedcba9", signed.InstanceId);
        Assert.Equal("owner-1", signed.SiteOwnerId);
        Assert.Equal("premium", signed.VendorProductId);
        Assert.Equal("u-1", signed.Uid);
        Assert.True(signed.IsOwnerOrCollaborator);
    }

    [Fact]
    public void A_padded_standard_alphabet_value_verifies()
    {
        // The HMAC covers the segment as received, so sign the standard-alphabet, padded form itself.
        string json;
        var n = 0;
        do
        {
            json = Payload().Replace("premium", "premium" + new string('?', n++), StringComparison.Ordinal);
        }
        while (!Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).AsSpan().ContainsAny('+', '/') || Encoding.UTF8.GetByteCount(json) % 3 == 0);

        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(data)));

        Assert.Equal("9f0e8d7c-6b5a-4321-8765-43210fedcba9", CreateVerifier().Verify(signature + "." + data).InstanceId);
    }

    [Fact]
    public void Altered_data_is_tampered()
    {
        var instance = Sign(Payload());
        var data = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Payload().Replace("OWNER", "OWNEr", StringComparison.Ordinal)));

        Assert.Equal(WixInstanceVerificationErrorKind.Tampered, Refused(instance.Split('.')[0] + "." + data).Kind);
    }

    [Fact]
    public void Flipping_any_character_of_the_signature_is_tampered()
    {
        var instance = Sign(Payload());
        var verifier = CreateVerifier();
        for (var i = 0; i < instance.IndexOf('.', StringComparison.Ordinal); i++)
        {
            var chars = instance.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.Equal(WixInstanceVerificationErrorKind.Tampered, Refused(new string(chars), verifier).Kind);
        }
    }

    [Fact]
    public void A_truncated_signature_is_tampered()
    {
        var instance = Sign(Payload());

        Assert.Equal(WixInstanceVerificationErrorKind.Tampered, Refused(instance[1..]).Kind);
    }

    [Fact]
    public void A_value_signed_with_another_secret_is_tampered()
    {
        Assert.Equal(WixInstanceVerificationErrorKind.Tampered, Refused(Sign(Payload(), "another-secret")).Kind);
    }

    [Fact]
    public void A_value_for_another_app_is_foreign()
    {
        Assert.Equal(WixInstanceVerificationErrorKind.ForeignApp, Refused(Sign(Payload(appDefId: "someone-elses-app"))).Kind);
    }

    [Fact]
    public void The_app_check_can_be_turned_off()
    {
        var verifier = CreateVerifier(configure: o => o.RequireMatchingAppId = false);

        Assert.Equal("someone-elses-app", verifier.Verify(Sign(Payload(appDefId: "someone-elses-app"))).AppDefId);
    }

    [Fact]
    public void A_value_older_than_the_maximum_age_is_expired()
    {
        var instance = Sign(Payload(signDate: Now.AddHours(-4).AddSeconds(-31)));

        Assert.Equal(WixInstanceVerificationErrorKind.Expired, Refused(instance).Kind);
        Assert.Equal("9f0e8d7c-6b5a-4321-8765-43210fedcba9", CreateVerifier(configure: o => o.MaxAge = null).Verify(instance).InstanceId);
    }

    [Fact]
    public void A_value_dated_in_the_future_beyond_the_skew_is_expired()
    {
        Assert.Equal(WixInstanceVerificationErrorKind.Expired, Refused(Sign(Payload(signDate: Now.AddMinutes(2)))).Kind);
    }

    [Fact]
    public void An_anonymous_visitor_is_not_owner_or_collaborator()
    {
        Assert.False(CreateVerifier().Verify(Sign(Payload(aid: "visitor-1"))).IsOwnerOrCollaborator);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot-at-all")]
    [InlineData(".ZGF0YQ")]
    [InlineData("c2ln.")]
    [InlineData("a.b.c")]
    [InlineData("c2ln!.ZGF0YQ")]
    [InlineData("c2ln.ZGF0YQ===")]
    public void A_structurally_broken_value_is_malformed(string instance)
    {
        Assert.Equal(WixInstanceVerificationErrorKind.Malformed, Refused(instance).Kind);
    }

    [Fact]
    public void A_value_over_the_length_limit_is_malformed()
    {
        Assert.Equal(WixInstanceVerificationErrorKind.Malformed, Refused(Sign(new string('x', 100 * 1024))).Kind);
    }

    [Fact]
    public void Correctly_signed_data_that_is_not_base64_is_malformed()
    {
        Assert.Equal(WixInstanceVerificationErrorKind.Malformed, Refused(SignSegment("abcde")).Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"appDefId":"x"}""")]
    [InlineData("""{"instanceId":"i","instanceId":"j"}""")]
    public void Correctly_signed_data_that_is_not_an_instance_object_is_malformed(string json)
    {
        Assert.Equal(WixInstanceVerificationErrorKind.Malformed, Refused(Sign(json)).Kind);
    }

    [Fact]
    public void Without_an_app_secret_verification_is_a_configuration_error_not_a_pass()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => CreateVerifier(secret: "").Verify(Sign(Payload())));

        Assert.Contains("Wix:AppSecret", ex.Message, StringComparison.Ordinal);
    }
}
