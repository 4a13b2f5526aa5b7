using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wix.Auth.Core.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Logging;

namespace Wix.Auth.Core.Tests.Identity;

public sealed class ElevationTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private WixSimulator Sim => fixture.Simulator;

    [Fact]
    public async Task User_token_is_elevated_to_an_APP_token_of_the_same_instance()
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();
        var userToken = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User);

        var appToken = await services.GetRequiredService<IWixTokenElevator>().ElevateAsync(userToken, CancellationToken.None);

        Assert.Equal(instance, appToken.InstanceId);
        Assert.NotEqual(userToken, appToken.AccessToken);
        var info = await services.GetRequiredService<IWixTokenClient>().GetTokenInfoAsync(appToken.AccessToken, CancellationToken.None);
        Assert.True(info.Active);
        Assert.Equal("APP", info.SubjectType);
        Assert.Equal(instance, info.InstanceId);
    }

    [Fact]
    public async Task Elevating_again_uses_the_cached_app_token_without_a_request()
    {
        await using var services = WixAuthServices.Build(Sim);
        var elevator = services.GetRequiredService<IWixTokenElevator>();
        var instance = Sim.Control.CreateInstalledInstance();
        var identity = await services.GetRequiredService<IWixAccessTokenVerifier>()
            .VerifyAsync(Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User), CancellationToken.None);
        var first = await elevator.ElevateAsync(identity, CancellationToken.None);
        var clientCredentials = Sim.Control.Counters.ClientCredentials;
        var tokenInfo = Sim.Control.Counters.TokenInfo;

        var second = await elevator.ElevateAsync(identity, CancellationToken.None);

        Assert.Equal(first.AccessToken, second.AccessToken);
        Assert.Equal(clientCredentials, Sim.Control.Counters.ClientCredentials);
        Assert.Equal(tokenInfo, Sim.Control.Counters.TokenInfo);
    }

    [Fact]
    public async Task Every_elevation_is_an_audit_event_and_the_policy_can_deny_it()
    {
        var logs = new RecordingLoggerProvider();
        await using var services = WixAuthServices.Build(Sim, more: s =>
        {
            s.AddLogging(l => l.AddProvider(logs));
            s.Configure<WixElevationOptions>(o => o.Policy = (identity, _) => ValueTask.FromResult(identity.IsWixUser));
        });
        var elevator = services.GetRequiredService<IWixTokenElevator>();
        var instance = Sim.Control.CreateInstalledInstance();
        var user = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User, subjectId: "user-7");
        var visitor = Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.Visitor, subjectId: "visitor-9");
        var clientCredentials = Sim.Control.Counters.ClientCredentials;

        await Assert.ThrowsAsync<WixElevationDeniedException>(() => elevator.ElevateAsync(visitor, CancellationToken.None).AsTask());
        Assert.Equal(clientCredentials, Sim.Control.Counters.ClientCredentials);
        await elevator.ElevateAsync(user, CancellationToken.None);

        var audit = logs.Logs.Where(l => l.Category == "Wix.Auth.Security.Elevation").ToArray();
        Assert.Contains(audit, l => l.EventId.Id == 1351 && l.Text.Contains("visitor-9", StringComparison.Ordinal) && l.Text.Contains(instance, StringComparison.Ordinal));
        Assert.Contains(audit, l => l.EventId.Id == 1350 && l.EventId.Name == "WixTokenElevated" && l.Text.Contains("user-7", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Logs, l => l.Text.Contains(user, StringComparison.Ordinal) || l.Text.Contains(visitor, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Elevation_for_an_uninstalled_instance_fails_and_issues_nothing()
    {
        await using var services = WixAuthServices.Build(Sim);
        var instance = Sim.Control.CreateInstalledInstance();
        var identity = await services.GetRequiredService<IWixAccessTokenVerifier>()
            .VerifyAsync(Sim.Control.IssueSiteToken(instance, WixSimulatedSubjectType.User), CancellationToken.None);
        Sim.Control.Uninstall(instance);

        // The verification was cached before the uninstall; Wix still refuses the app's token for the instance.
        var refused = await Assert.ThrowsAsync<WixTokenException>(() => services.GetRequiredService<IWixTokenElevator>().ElevateAsync(identity, CancellationToken.None).AsTask());

        Assert.Equal(WixTokenErrorKind.InvalidGrant, refused.Kind);
    }
}
