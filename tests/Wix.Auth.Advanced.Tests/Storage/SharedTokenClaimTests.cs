using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// Issue 14: the claim to ask Wix for an instance is refused while a servable token is shared. The winner of the
/// previous claim publishes its token and releases its claim in one statement; a process that missed just before that
/// and claims just after must find the token, not ask Wix a second time (3 hosts asked 119 times for 100
/// client-credentials instances without this guard).
/// </summary>
public sealed class SharedTokenClaimTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private AdvancedApp _app = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _app = await AdvancedApp.StartAsync(
            fixture.Simulator,
            fixture.Database.ConnectionString,
            configureServices: services => services.PostConfigure<WixPostgresStoreOptions>(o => o.SharedTokenCache.Enabled = true));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private IWixSharedTokenCache Cache => _app.Services.GetRequiredService<IWixSharedTokenCache>();

    [Fact]
    public async Task A_claim_is_refused_while_a_servable_token_is_shared_and_granted_once_it_is_due()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        await _app.Store.RecordInstalledAsync(instanceId, CancellationToken.None);
        var generation = (await _app.Store.FindAsync(instanceId, CancellationToken.None))!.Generation;
        var now = _app.Time.GetUtcNow();
        Assert.True(await Cache.TryClaimAsync(instanceId, CancellationToken.None));
        var token = new WixAccessToken(instanceId, "at-shared", now.AddMinutes(10), WixAuthStrategyNames.ClientCredentials) { Generation = generation };
        await Cache.SetAsync(new WixSharedToken(token, now.AddMinutes(5)), CancellationToken.None);

        Assert.False(await Cache.TryClaimAsync(instanceId, CancellationToken.None));

        _app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await Cache.GetAsync(instanceId, CancellationToken.None));
        Assert.True(await Cache.TryClaimAsync(instanceId, CancellationToken.None));
    }
}
