using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Wix.Auth.Core.Tests.Verification;

public sealed class WixWebhookVerifierTests
{
    // Far from the real clock: a verifier reading DateTime.UtcNow would call every token here expired.
    private static readonly DateTimeOffset Now = new(2021, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RSA WixKey = RSA.Create(2048);
    private static readonly RSA ForeignKey = RSA.Create(2048);
    private static readonly string WixPublicPem = WixKey.ExportSubjectPublicKeyInfoPem();

    private readonly FakeTimeProvider _time = new(Now);

    private WixWebhookVerifier CreateVerifier(string? publicKey = null, Action<WixWebhookVerificationOptions>? configure = null)
    {
        var options = new WixWebhookVerificationOptions();
        configure?.Invoke(options);
        return new WixWebhookVerifier(
            Options.Create(new WixAuthOptions { AppId = "app-1", AppSecret = "secret", PublicKey = publicKey ?? WixPublicPem }),
            Options.Create(options),
            _time);
    }

    private static string ValidClaims(TimeSpan? age = null, TimeSpan? lifetime = null) =>
        WebhookTokens.Claims(Now - (age ?? TimeSpan.Zero), lifetime ?? TimeSpan.FromMinutes(5));

    private WixWebhookVerificationException Refused(string body, WixWebhookVerifier? verifier = null)
    {
        var ex = Assert.Throws<WixWebhookVerificationException>(() => (verifier ?? CreateVerifier()).Verify(body));
        AssertNoPartOf(body, ex);
        return ex;
    }

    private static void AssertNoPartOf(string body, Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            foreach (var part in body.Split('.').Where(p => p.Length >= 8))
            {
                for (var i = 0; i + 8 <= part.Length; i += 4)
                {
                    Assert.DoesNotContain(part.Substring(i, 8), e.Message, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void A_valid_token_unpacks_all_three_layers()
    {
        var jwt = WebhookTokens.SignRs256(WixKey, ValidClaims(age: TimeSpan.FromSeconds(2)));

        var webhook = CreateVerifier().Verify(jwt);

        Assert.Equal("AppInstalled", webhook.EventType);
        Assert.Equal("3c1f0b3a-3f3e-4c58-9d6b-2a1b1c2d3e4f", webhook.InstanceId);
        Assert.Equal("app-1", webhook.Data.GetProperty("appId").GetString());
        Assert.Equal("origin-1", webhook.OriginInstanceId);
        Assert.Equal("WIX_USER", webhook.Identity!.Value.GetProperty("identityType").GetString());
        Assert.Equal("acc-1", webhook.AccountInfo!.Value.GetProperty("accountId").GetString());
        Assert.Equal(Now.AddSeconds(-2), webhook.IssuedAt);
        Assert.Equal(Now.AddSeconds(-2).AddMinutes(5), webhook.ExpiresAt);
    }

    [Fact]
    public void A_domain_event_is_identified_by_its_own_id_and_time()
    {
        var claims = WebhookTokens.Claims(Now, TimeSpan.FromMinutes(5), "wix.contacts.v4.contact_created",
            payload: new { id = "evt-42", entityFqdn = "wix.contacts.v4.contact", eventTime = "2021-06-01T11:59:58.123Z" });

        var webhook = CreateVerifier().Verify(WebhookTokens.SignRs256(WixKey, claims));

        Assert.Equal("evt-42", webhook.EventId);
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 11, 59, 58, 123, TimeSpan.Zero), webhook.EventTime);
        Assert.Null(webhook.OriginInstanceId);
    }

    [Fact]
    public void A_legacy_event_without_id_gets_a_stable_id_from_its_signature()
    {
        var jwt = WebhookTokens.SignRs256(WixKey, ValidClaims());
        var other = WebhookTokens.SignRs256(WixKey, ValidClaims(age: TimeSpan.FromSeconds(1)));
        var verifier = CreateVerifier();

        var first = verifier.Verify(jwt).EventId;

        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, verifier.Verify(jwt).EventId);
        Assert.NotEqual(first, verifier.Verify(other).EventId);
    }

    [Fact]
    public void A_token_signed_with_a_foreign_key_is_an_invalid_signature()
    {
        var ex = Refused(WebhookTokens.SignRs256(ForeignKey, ValidClaims()));

        Assert.Equal(WixWebhookVerificationErrorKind.InvalidSignature, ex.Kind);
    }

    [Fact]
    public void A_token_carrying_its_own_key_in_the_header_is_not_trusted()
    {
        var jwk = JsonSerializer.Serialize(new { kty = "RSA", n = Convert.ToBase64String(ForeignKey.ExportParameters(false).Modulus!), e = "AQAB" });
        var header = $$"""{"alg":"RS256","jku":"http://127.0.0.1:1/keys","jwk":{{jwk}}}""";

        var ex = Refused(WebhookTokens.SignRs256(ForeignKey, ValidClaims(), header));

        Assert.Equal(WixWebhookVerificationErrorKind.InvalidSignature, ex.Kind);
    }

    [Fact]
    public void A_token_whose_payload_was_altered_after_signing_is_an_invalid_signature()
    {
        var parts = WebhookTokens.SignRs256(WixKey, ValidClaims()).Split('.');
        var altered = parts[0] + "." + WebhookTokens.Encode(ValidClaims().Replace("AppInstalled", "AppRemoved", StringComparison.Ordinal)) + "." + parts[2];

        Assert.Equal(WixWebhookVerificationErrorKind.InvalidSignature, Refused(altered).Kind);
    }

    [Fact]
    public void An_unsigned_token_with_alg_none_is_refused()
    {
        Assert.Equal(WixWebhookVerificationErrorKind.UnsupportedAlgorithm, Refused(WebhookTokens.Unsigned(ValidClaims())).Kind);
    }

    [Fact]
    public void An_HS256_token_keyed_with_the_public_key_PEM_is_refused()
    {
        var jwt = WebhookTokens.SignHs256(Encoding.UTF8.GetBytes(WixPublicPem), ValidClaims());

        Assert.Equal(WixWebhookVerificationErrorKind.UnsupportedAlgorithm, Refused(jwt).Kind);
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("PS256")]
    [InlineData("rs256")]
    public void A_token_with_any_algorithm_but_RS256_is_refused(string alg)
    {
        var padding = alg == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        var hash = alg == "RS384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

        var ex = Refused(WebhookTokens.Sign(WixKey, ValidClaims(), alg, hash, padding));

        Assert.Equal(WixWebhookVerificationErrorKind.UnsupportedAlgorithm, ex.Kind);
    }

    [Fact]
    public void A_token_expired_beyond_the_clock_skew_is_refused_when_exp_is_enforced_strictly()
    {
        var jwt = WebhookTokens.SignRs256(WixKey, ValidClaims(age: TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31)));

        Assert.Equal(WixWebhookVerificationErrorKind.Expired, Refused(jwt, CreateVerifier(configure: o => o.RedeliveryWindow = TimeSpan.Zero)).Kind);
    }

    [Fact]
    public void An_authentic_token_past_its_exp_is_accepted_as_a_late_redelivery_within_the_window()
    {
        // Wix's last retry comes about 47 h after the first attempt, possibly with the token it signed then.
        var jwt = WebhookTokens.SignRs256(WixKey, ValidClaims(age: TimeSpan.FromHours(47)));

        var webhook = CreateVerifier().Verify(jwt);

        Assert.True(webhook.IsLateRedelivery);
        Assert.Equal(Now - TimeSpan.FromHours(47) + TimeSpan.FromMinutes(5), webhook.ExpiresAt);
        Assert.False(CreateVerifier().Verify(WebhookTokens.SignRs256(WixKey, ValidClaims())).IsLateRedelivery);
    }

    [Fact]
    public void An_authentic_token_issued_beyond_the_redelivery_window_is_refused_naming_the_setting()
    {
        var jwt = WebhookTokens.SignRs256(WixKey, ValidClaims(age: TimeSpan.FromHours(48) + TimeSpan.FromSeconds(31)));

        var ex = Refused(jwt);

        Assert.Equal(WixWebhookVerificationErrorKind.Expired, ex.Kind);
        Assert.Contains("Wix:Webhooks:RedeliveryWindow", ex.Message, StringComparison.Ordinal);
        Assert.True(CreateVerifier(configure: o => o.RedeliveryWindow = TimeSpan.FromHours(72)).Verify(jwt).IsLateRedelivery);
    }

    [Fact]
    public void A_forged_token_past_its_exp_is_refused_for_its_signature_not_taken_as_a_redelivery()
    {
        var jwt = WebhookTokens.SignRs256(ForeignKey, ValidClaims(age: TimeSpan.FromHours(1)));

        Assert.Equal(WixWebhookVerificationErrorKind.InvalidSignature, Refused(jwt).Kind);
    }

    [Fact]
    public void A_token_expired_within_the_clock_skew_is_accepted()
    {
        var jwt = WebhookTokens.SignRs256(WixKey, ValidClaims(age: TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(29)));

        Assert.Equal("AppInstalled", CreateVerifier().Verify(jwt).EventType);
    }

    [Fact]
    public void The_clock_skew_follows_the_options_and_the_injected_clock()
    {
        var jwt = WebhookTokens.SignRs256(WixKey, ValidClaims());
        var verifier = CreateVerifier(configure: o =>
        {
            o.ClockSkew = TimeSpan.FromSeconds(60);
            o.RedeliveryWindow = TimeSpan.Zero;
        });

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(60));
        Assert.Equal("AppInstalled", verifier.Verify(jwt).EventType);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WixWebhookVerificationErrorKind.Expired, Refused(jwt, verifier).Kind);
    }

    [Fact]
    public void A_token_without_exp_is_refused_unless_expiry_is_optional()
    {
        var claims = JsonSerializer.Serialize(new { data = JsonDocument.Parse(ValidClaims()).RootElement.GetProperty("data").GetString(), iat = Now.ToUnixTimeSeconds() });
        var jwt = WebhookTokens.SignRs256(WixKey, claims);

        Assert.Equal(WixWebhookVerificationErrorKind.Expired, Refused(jwt).Kind);
        Assert.Null(CreateVerifier(configure: o => o.RequireExpirationTime = false).Verify(jwt).ExpiresAt);
    }

    [Fact]
    public void A_token_not_valid_before_a_future_time_is_refused()
    {
        var claims = WebhookTokens.Claims(Now, TimeSpan.FromMinutes(5), notBefore: Now.AddSeconds(31));

        Assert.Equal(WixWebhookVerificationErrorKind.NotYetValid, Refused(WebhookTokens.SignRs256(WixKey, claims)).Kind);
    }

    [Fact]
    public void A_token_issued_in_the_future_beyond_the_skew_is_refused()
    {
        var jwt = WebhookTokens.SignRs256(WixKey, WebhookTokens.Claims(Now.AddMinutes(2), TimeSpan.FromMinutes(5)));

        Assert.Equal(WixWebhookVerificationErrorKind.NotYetValid, Refused(jwt).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9..c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2l+")]
    public void Garbage_is_malformed(string body)
    {
        Assert.Equal(WixWebhookVerificationErrorKind.Malformed, Refused(body).Kind);
    }

    [Fact]
    public void A_header_without_alg_is_refused_as_unsupported()
    {
        Assert.Equal(WixWebhookVerificationErrorKind.UnsupportedAlgorithm, Refused("e30.e30.c2ln").Kind);
    }

    [Fact]
    public void Layer_one_data_that_is_not_a_string_is_malformed()
    {
        var claims = JsonSerializer.Serialize(new { data = new { eventType = "AppInstalled", instanceId = "i", data = "{}" }, iat = Now.ToUnixTimeSeconds(), exp = Now.AddMinutes(5).ToUnixTimeSeconds() });

        Assert.Equal(WixWebhookVerificationErrorKind.Malformed, Refused(WebhookTokens.SignRs256(WixKey, claims)).Kind);
    }

    [Fact]
    public void Inner_data_that_is_not_JSON_is_malformed()
    {
        var envelope = JsonSerializer.Serialize(new { eventType = "AppInstalled", instanceId = "i", data = "{not json" });
        var claims = JsonSerializer.Serialize(new { data = envelope, iat = Now.ToUnixTimeSeconds(), exp = Now.AddMinutes(5).ToUnixTimeSeconds() });

        Assert.Equal(WixWebhookVerificationErrorKind.Malformed, Refused(WebhookTokens.SignRs256(WixKey, claims)).Kind);
    }

    [Fact]
    public void An_envelope_without_event_type_is_malformed()
    {
        var envelope = JsonSerializer.Serialize(new { instanceId = "i", data = "{}" });
        var claims = JsonSerializer.Serialize(new { data = envelope, exp = Now.AddMinutes(5).ToUnixTimeSeconds() });

        Assert.Equal(WixWebhookVerificationErrorKind.Malformed, Refused(WebhookTokens.SignRs256(WixKey, claims)).Kind);
    }

    [Fact]
    public void A_one_megabyte_body_is_malformed_before_any_cryptography()
    {
        // A well-formed token padded out to 1 MB: it would verify if the cap did not stop it first.
        var claims = WebhookTokens.Claims(Now, TimeSpan.FromMinutes(5), payload: new { filler = new string('x', 1024 * 1024) });
        var jwt = WebhookTokens.SignRs256(WixKey, claims);
        Assert.Equal("AppInstalled", CreateVerifier(configure: o => o.MaxBodyBytes = 2 * 1024 * 1024).Verify(jwt).EventType);

        var ex = Refused(jwt);

        Assert.Equal(WixWebhookVerificationErrorKind.Malformed, ex.Kind);
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_given_as_base64_of_the_PEM_works()
    {
        var base64Pem = Convert.ToBase64String(Encoding.UTF8.GetBytes(WixPublicPem));

        Assert.Equal("AppInstalled", CreateVerifier(base64Pem).Verify(WebhookTokens.SignRs256(WixKey, ValidClaims())).EventType);
    }

    [Fact]
    public void A_PKCS1_RSA_PUBLIC_KEY_PEM_with_escaped_newlines_works()
    {
        var pem = WixKey.ExportRSAPublicKeyPem().Replace("\n", "\\n", StringComparison.Ordinal);

        Assert.Equal("AppInstalled", CreateVerifier(pem).Verify(WebhookTokens.SignRs256(WixKey, ValidClaims())).EventType);
    }

    [Fact]
    public void During_a_key_rollover_both_configured_keys_verify()
    {
        var verifier = CreateVerifier(configure: o => o.AdditionalPublicKeys.Add(ForeignKey.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal("AppInstalled", verifier.Verify(WebhookTokens.SignRs256(WixKey, ValidClaims())).EventType);
        Assert.Equal("AppInstalled", verifier.Verify(WebhookTokens.SignRs256(ForeignKey, ValidClaims())).EventType);
    }

    [Fact]
    public void Without_a_public_key_verification_is_a_configuration_error_not_a_pass()
    {
        var verifier = new WixWebhookVerifier(Options.Create(new WixAuthOptions()), Options.Create(new WixWebhookVerificationOptions()), _time);

        var ex = Assert.Throws<InvalidOperationException>(() => verifier.Verify(WebhookTokens.SignRs256(WixKey, ValidClaims())));
        Assert.Contains("Wix:PublicKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_verifications_share_one_verifier_safely()
    {
        var verifier = CreateVerifier();
        var tokens = Enumerable.Range(0, 64).Select(i => WebhookTokens.SignRs256(WixKey, ValidClaims(age: TimeSpan.FromSeconds(i % 10)))).ToArray();

        var types = tokens.AsParallel().WithDegreeOfParallelism(4).Select(t => verifier.Verify(t).EventType).ToArray();

        Assert.All(types, t => Assert.Equal("AppInstalled", t));
    }
}
