using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Advanced.Tests.Strategies;

/// <summary>The registered strategy: refresh token first, client credentials when it is missing, undecryptable or revoked.</summary>
public sealed class AdvancedStrategyTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private AdvancedApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        fixture.Simulator.Control.FailNextTokenRequests(0, 503);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_advanced_strategy_replaces_client_credentials_as_the_registered_strategy() =>
        Assert.IsType<WixAdvancedAuthStrategy>(App.Strategy);

    [Fact]
    public async Task After_the_handshake_tokens_come_from_the_refresh_token()
    {
        var instanceId = await InstallThroughHandshakeAsync();

        var token = await App.Tokens.GetAccessTokenAsync(instanceId, CancellationToken.None);

        Assert.Equal(WixAuthStrategyNames.RefreshToken, token.Strategy);
        Assert.Equal(1, fixture.Simulator.Control.Counters.RefreshToken);
        Assert.Equal(0, fixture.Simulator.Control.Counters.ClientCredentials);
        var installation = await App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.NotNull(installation!.LastRefreshAt);
    }

    [Fact]
    public async Task After_uninstall_and_reinstall_the_revoked_refresh_token_falls_back_to_client_credentials_once()
    {
        var instanceId = await InstallThroughHandshakeAsync();
        fixture.Simulator.Control.Uninstall(instanceId);
        fixture.Simulator.Control.Reinstall(instanceId);
        using var fallbacks = Fallbacks();

        var first = await App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);
        var second = await App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);

        Assert.Equal(WixAuthStrategyNames.ClientCredentials, first.Strategy);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, second.Strategy);
        var installation = await App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.Equal(WixFallbackReason.Revoked, installation!.FallbackReason);
        Assert.False(installation.HasRefreshToken);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, installation.Strategy);
        // The dead refresh token is presented once; afterwards the instance goes straight to client credentials.
        Assert.Equal(1, fixture.Simulator.Control.Counters.FailedTokenRequests);
        Assert.Equal(2, fixture.Simulator.Control.Counters.ClientCredentials);
        var measurement = Assert.Single(fallbacks.GetMeasurementSnapshot());
        Assert.Equal("revoked", measurement.Tags["reason"]);
    }

    [Fact]
    public async Task A_known_instance_without_refresh_token_falls_back_and_records_it_once()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        await App.Store.RecordInstalledAsync(instanceId, CancellationToken.None);
        using var fallbacks = Fallbacks();

        var first = await App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);
        var afterFirst = await App.Store.FindAsync(instanceId, CancellationToken.None);
        var second = await App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);
        var afterSecond = await App.Store.FindAsync(instanceId, CancellationToken.None);

        Assert.Equal(WixAuthStrategyNames.ClientCredentials, first.Strategy);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, second.Strategy);
        Assert.Equal(WixFallbackReason.Missing, afterFirst!.FallbackReason);
        Assert.Equal(afterFirst.RowVersion, afterSecond!.RowVersion);
        var measurement = Assert.Single(fallbacks.GetMeasurementSnapshot());
        Assert.Equal("missing", measurement.Tags["reason"]);
        Assert.Equal(2, fixture.Simulator.Control.Counters.ClientCredentials);
    }

    [Fact]
    public async Task A_transient_refresh_failure_keeps_the_refresh_token_and_is_rethrown()
    {
        var (instanceId, refreshToken) = await SeedAsync();
        fixture.Simulator.Control.FailNextTokenRequests(100, 503);

        var failure = await Assert.ThrowsAsync<WixTokenException>(() => App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None).AsTask());

        Assert.True(failure.IsTransient);
        fixture.Simulator.Control.FailNextTokenRequests(0, 503);
        var installation = await App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.True(installation!.HasRefreshToken);
        Assert.Null(installation.FallbackReason);
        Assert.NotNull(installation.LastErrorCode);
        await using (var lease = await App.RefreshTokens.AcquireRefreshLeaseAsync(instanceId, CancellationToken.None))
        {
            Assert.Equal(refreshToken, lease.RefreshToken);
        }

        var token = await App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);
        Assert.Equal(WixAuthStrategyNames.RefreshToken, token.Strategy);
    }

    [Fact]
    public async Task A_removed_installation_gets_no_token()
    {
        var (instanceId, _) = await SeedAsync();
        await App.Store.MarkRemovedAsync(instanceId, CancellationToken.None);

        var removed = await Assert.ThrowsAsync<WixInstallationRemovedException>(() => App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None).AsTask());

        Assert.Equal(instanceId, removed.InstanceId);
        Assert.Equal(0, fixture.Simulator.Control.Counters.TokenRequests);
    }

    [Fact]
    public async Task With_rotation_each_refresh_stores_the_new_refresh_token()
    {
        var (instanceId, first) = await SeedAsync();
        fixture.Simulator.Control.RotateRefreshTokens = true;

        await App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);
        await App.Strategy.AcquireTokenAsync(instanceId, CancellationToken.None);

        await using var lease = await App.RefreshTokens.AcquireRefreshLeaseAsync(instanceId, CancellationToken.None);
        Assert.NotEqual(first, lease.RefreshToken);
        Assert.False(fixture.Simulator.Control.IsRefreshTokenActive(first));
        Assert.True(fixture.Simulator.Control.IsRefreshTokenActive(lease.RefreshToken!));
    }

    private MetricCollector<long> Fallbacks() =>
        new(App.Services.GetRequiredService<IMeterFactory>(), "Wix.Auth", "wix_auth.fallbacks");

    private async Task<(string InstanceId, string RefreshToken)> SeedAsync()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var refreshToken = fixture.Simulator.Control.IssueRefreshToken(instanceId);
        await App.Store.SaveRefreshTokenAsync(instanceId, refreshToken, CancellationToken.None);
        return (instanceId, refreshToken);
    }

    private async Task<string> InstallThroughHandshakeAsync()
    {
        using var browser = new BrowserlessInstaller();
        var result = await browser.InstallAsync(fixture.Simulator.CreateMarketInstallUrl());
        Assert.True(result.ReachedCloseWindow, result.FinalBody);
        fixture.Simulator.Control.Counters.Reset();
        return QueryHelpers.ParseQuery(result.CallbackUrl!.Query)["instanceId"].ToString();
    }
}
