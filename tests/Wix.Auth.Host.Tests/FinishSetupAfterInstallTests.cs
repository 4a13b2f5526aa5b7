using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wix.Auth.Advanced;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>With <c>WixAuth:FinishSetupAfterInstall</c>, a completed handshake sends APP_FINISHED_CONFIGURATION by itself.</summary>
public sealed class FinishSetupAfterInstallTests(FinishSetupAfterInstallTests.Fixture fixture) : IClassFixture<FinishSetupAfterInstallTests.Fixture>
{
    [Fact]
    public async Task A_completed_handshake_marks_the_instance_configured_at_Wix()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.Equal(HttpStatusCode.OK, install.FinalStatus);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!fixture.Simulator.Control.ConfiguredInstances.Contains(install.InstanceId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(install.InstanceId, fixture.Simulator.Control.ConfiguredInstances);
    }

    [Fact]
    public async Task An_instance_installed_only_by_webhook_is_not_marked_configured()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        using var response = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The handshake test's event went through the same queue; give this one no less time before looking.
        var install = await InstallFlow.InstallAsync(fixture);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!fixture.Simulator.Control.ConfiguredInstances.Contains(install.InstanceId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain(instanceId, fixture.Simulator.Control.ConfiguredInstances);
    }

    [Fact]
    public void Finish_setup_subscribes_to_the_handshake_event_instead_of_decorating_the_store()
    {
        var services = fixture.Services;

        // One store object behind every contract: nothing replaced the installation store with a wrapper of its own.
        var installations = services.GetRequiredService<IWixInstallationStore>();
        Assert.Same(installations, services.GetRequiredService<IWixWebhookInbox>());
        Assert.Same(installations, services.GetRequiredService<IWixRefreshTokenStore>());
        Assert.Equal("Wix.Auth.PostgreSql", installations.GetType().Assembly.GetName().Name);
        var events = services.GetRequiredService<IOptionsMonitor<WixOAuthOptions>>().Get(WixOAuthDefaults.AuthenticationScheme).Events;
        Assert.NotSame(new WixOAuthEvents().OnInstalled, events.OnInstalled);
    }

    public sealed class Fixture : ServerFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            [new("WixAuth:FinishSetupAfterInstall", "true")];
    }
}
