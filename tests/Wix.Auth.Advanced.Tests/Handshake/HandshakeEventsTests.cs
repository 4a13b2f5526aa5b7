using System.Collections.Concurrent;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>
/// The handshake's events, subscribed the way an app would (<see cref="WixOAuthOptions.Events"/> in the scheme's options):
/// <see cref="WixOAuthEvents.OnInstalled"/> after the installation is stored, <see cref="WixOAuthEvents.OnPersistFailed"/>
/// when it could not be.
/// </summary>
public sealed class HandshakeEventsTests(HandshakeEventsTests.Fixture fixture) : IClassFixture<HandshakeEventsTests.Fixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        fixture.Installed.Clear();
        fixture.PersistFailed.Clear();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_completed_handshake_raises_OnInstalled_once_with_the_instance_and_its_stored_refresh_token()
    {
        using var installer = new BrowserlessInstaller();

        var result = await installer.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());

        Assert.True(result.ReachedCloseWindow, $"Ended on {result.FinalUrl} ({(int)result.FinalStatus}): {result.FinalBody}");
        var instanceId = QueryHelpers.ParseQuery(Assert.Single(result.Visited, u => u.AbsolutePath == "/oauth/callback").Query)["instanceId"].ToString();
        var installed = Assert.Single(fixture.Installed);
        Assert.Equal(instanceId, installed.InstanceId);
        Assert.True(installed.RefreshTokenStored);
        // Raised after the store call, not before: the subscriber saw the installation as stored.
        Assert.True(installed.StoredWhenRaised);
        Assert.Empty(fixture.PersistFailed);
    }

    [Fact]
    public async Task A_refresh_token_that_cannot_be_stored_raises_OnPersistFailed_with_the_store_failure_and_not_OnInstalled()
    {
        await using (var connection = await fixture.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("ALTER TABLE wix_installations ADD CONSTRAINT test_refuse_refresh_tokens CHECK (refresh_token_ciphertext IS NULL)");
        }

        try
        {
            using var installer = new BrowserlessInstaller();
            var result = await installer.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());

            Assert.False(result.ReachedCloseWindow);
            var instanceId = QueryHelpers.ParseQuery(Assert.Single(result.Visited, u => u.AbsolutePath == "/oauth/callback").Query)["instanceId"].ToString();
            var failed = Assert.Single(fixture.PersistFailed);
            Assert.Equal(instanceId, failed.InstanceId);
            Assert.IsType<WixStoreUnavailableException>(failed.Failure);
            Assert.Empty(fixture.Installed);
        }
        finally
        {
            await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync("ALTER TABLE wix_installations DROP CONSTRAINT IF EXISTS test_refuse_refresh_tokens");
        }
    }

    /// <summary>The app with a subscriber to both events, recording what it saw.</summary>
    public sealed class Fixture : AdvancedAppFixture
    {
        internal ConcurrentQueue<(string InstanceId, bool RefreshTokenStored, bool StoredWhenRaised)> Installed { get; } = new();

        internal ConcurrentQueue<(string InstanceId, Exception Failure)> PersistFailed { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) =>
            services.Configure<WixOAuthOptions>(WixOAuthDefaults.AuthenticationScheme, options =>
            {
                options.Events.OnInstalled = async context =>
                {
                    var store = context.HttpContext.RequestServices.GetRequiredService<IWixInstallationStore>();
                    var installation = await store.FindAsync(context.InstanceId, CancellationToken.None);
                    Installed.Enqueue((context.InstanceId, context.RefreshTokenStored, installation?.HasRefreshToken == true));
                };
                options.Events.OnPersistFailed = context =>
                {
                    PersistFailed.Enqueue((context.InstanceId, context.Failure));
                    return Task.CompletedTask;
                };
            });
    }
}
