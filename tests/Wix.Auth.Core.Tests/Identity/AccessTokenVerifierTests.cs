using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Core.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests.Identity;

public sealed class AccessTokenVerifierTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private WixSimulator Sim => fixture.Simulator;

    [Fact]
    public async Task Dashboard_user_token_is_verified_with_its_instance_subject_and_site()
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();
        var token = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User, subjectId: "user-1");

        var identity = await services.GetRequiredService<IWixAccessTokenVerifier>().VerifyAsync(token, CancellationToken.None);

        Assert.Equal(instance, identity.InstanceId);
        Assert.Equal(WixSubjectType.User, identity.SubjectType);
        Assert.Equal("user-1", identity.SubjectId);
        Assert.False(string.IsNullOrEmpty(identity.SiteId));
        Assert.True(identity.IsWixUser);
        Assert.Equal(WixIdentitySource.AccessToken, identity.Source);
        Assert.InRange(identity.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(4).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(4).AddMinutes(1));
    }

    [Theory]
    [InlineData(WixSimulatedSubjectType.Member, WixSubjectType.Member)]
    [InlineData(WixSimulatedSubjectType.Visitor, WixSubjectType.Visitor)]
    public async Task Member_and_visitor_tokens_keep_their_subject_type(WixSimulatedSubjectType issued, WixSubjectType expected)
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();

        var identity = await services.GetRequiredService<IWixAccessTokenVerifier>().VerifyAsync(Sim.Control.IssueSiteToken(instance, issued), CancellationToken.None);

        Assert.Equal(expected, identity.SubjectType);
        Assert.False(identity.IsWixUser);
    }

    [Fact]
    public async Task Another_apps_token_is_refused_as_foreign()
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();
        var token = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User, clientId: Guid.NewGuid().ToString());

        var refused = await Assert.ThrowsAsync<WixAccessTokenVerificationException>(() => Verify(services, token));

        Assert.Equal(WixAccessTokenVerificationErrorKind.ForeignApp, refused.Kind);
    }

    [Fact]
    public async Task Expired_token_is_refused_as_inactive()
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();
        var token = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User, lifetime: TimeSpan.FromMilliseconds(200));
        await Task.Delay(TimeSpan.FromMilliseconds(400));

        var refused = await Assert.ThrowsAsync<WixAccessTokenVerificationException>(() => Verify(services, token));

        Assert.Equal(WixAccessTokenVerificationErrorKind.Inactive, refused.Kind);
    }

    [Fact]
    public async Task Token_of_an_uninstalled_instance_is_refused_as_inactive()
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();
        var token = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User);
        Sim.Control.Uninstall(instance);

        var refused = await Assert.ThrowsAsync<WixAccessTokenVerificationException>(() => Verify(services, token));

        Assert.Equal(WixAccessTokenVerificationErrorKind.Inactive, refused.Kind);
    }

    [Fact]
    public async Task Junk_is_refused_and_a_refusal_is_never_cached()
    {
        await using var services = WixAuthServices.Build(Sim);
        var before = Sim.Control.Counters.TokenInfo;

        for (var i = 0; i < 2; i++)
        {
            var refused = await Assert.ThrowsAsync<WixAccessTokenVerificationException>(() => Verify(services, "not-a-wix-token"));
            Assert.Equal(WixAccessTokenVerificationErrorKind.Inactive, refused.Kind);
        }

        Assert.Equal(2, Sim.Control.Counters.TokenInfo - before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8 * 1024 + 1)]
    public async Task Empty_or_huge_token_is_refused_without_asking_Wix(int length)
    {
        await using var services = WixAuthServices.Build(Sim);
        var before = Sim.Control.Counters.TokenInfo;

        var refused = await Assert.ThrowsAsync<WixAccessTokenVerificationException>(() => Verify(services, new string('a', length)));

        Assert.Equal(WixAccessTokenVerificationErrorKind.Malformed, refused.Kind);
        Assert.Equal(0, Sim.Control.Counters.TokenInfo - before);
    }

    [Fact]
    public async Task Hundred_concurrent_verifications_of_one_token_cost_one_Token_Info_call()
    {
        await using var services = WixAuthServices.Build(Sim);
        var verifier = services.GetRequiredService<IWixAccessTokenVerifier>();
        var instance = Sim.Control.CreateInstalledInstance();
        var token = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User);
        Sim.Control.Latency = TimeSpan.Zero;
        var before = Sim.Control.Counters.TokenInfo;
        using var gate = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(async () =>
            {
                gate.Wait();
                return await verifier.VerifyAsync(token, CancellationToken.None);
            }))
            .ToArray();
        gate.Set();
        var identities = await Task.WhenAll(callers);

        Assert.Equal(1, Sim.Control.Counters.TokenInfo - before);
        Assert.All(identities, i => Assert.Equal(instance, i.InstanceId));
    }

    [Fact]
    public async Task A_verification_is_reused_for_60_seconds_at_most()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = WixAuthServices.Build(Sim, time: time);
        var verifier = services.GetRequiredService<IWixAccessTokenVerifier>();
        var token = Sim.Control.IssueSiteToken(Sim.Control.CreateInstalledInstance(), WixSimulatedSubjectType.User);
        var before = Sim.Control.Counters.TokenInfo;

        await verifier.VerifyAsync(token, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(59));
        await verifier.VerifyAsync(token, CancellationToken.None);
        Assert.Equal(1, Sim.Control.Counters.TokenInfo - before);

        time.Advance(TimeSpan.FromSeconds(2));
        await verifier.VerifyAsync(token, CancellationToken.None);
        Assert.Equal(2, Sim.Control.Counters.TokenInfo - before);
    }

    [Fact]
    public async Task A_cached_verification_never_outlives_the_token()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = WixAuthServices.Build(Sim, time: time);
        var verifier = services.GetRequiredService<IWixAccessTokenVerifier>();
        var token = Sim.Control.IssueSiteToken(Sim.Control.CreateInstalledInstance(), WixSimulatedSubjectType.User, lifetime: TimeSpan.FromSeconds(20));

        await verifier.VerifyAsync(token, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(21));

        // Past its exp the cache is not consulted, and the answer Wix gives (still "active" by the simulator's own
        // clock here) is refused because the expiry has passed.
        var refused = await Assert.ThrowsAsync<WixAccessTokenVerificationException>(() => Verify(services, token));
        Assert.Equal(WixAccessTokenVerificationErrorKind.Inactive, refused.Kind);
    }

    [Fact]
    public async Task Token_Info_unreachable_means_unavailable_never_active()
    {
        await using var server = await MisbehavingServer.StartAsync(context =>
        {
            context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var services = WixAuthServices.Build(server.BaseUrl, Sim.Control.AppId, Sim.Control.AppSecret, o => o.MaxRetryAttempts = 0);

        for (var i = 0; i < 2; i++)
        {
            var refused = await Assert.ThrowsAsync<WixAccessTokenVerificationException>(() => Verify(services, "OauthNG.JWS.some-token"));
            Assert.Equal(WixAccessTokenVerificationErrorKind.Unavailable, refused.Kind);
        }

        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Signed_instance_and_access_token_lead_to_the_same_identity()
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();
        var signed = Sim.Control.CreateSignedInstance(instance);

        var local = WixIdentity.FromSignedInstance(services.GetRequiredService<IWixInstanceVerifier>().Verify(signed));
        var remote = await services.GetRequiredService<IWixAccessTokenVerifier>().VerifyAsync(signed, CancellationToken.None);

        Assert.Equal(local.InstanceId, remote.InstanceId);
        Assert.Equal(WixSubjectType.User, local.SubjectType);
        Assert.Equal(local.SubjectType, remote.SubjectType);
        Assert.Equal(local.SubjectId, remote.SubjectId);
        Assert.Equal(WixIdentitySource.SignedInstance, local.Source);
    }

    private static async Task<WixIdentity> Verify(ServiceProvider services, string token) =>
        await services.GetRequiredService<IWixAccessTokenVerifier>().VerifyAsync(token, CancellationToken.None);
}
