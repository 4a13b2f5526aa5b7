using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Advanced.Tests.Framework;

namespace Wix.Auth.Advanced.Tests.Strategies;

/// <summary>
/// Issue 11 item 4 across processes: the mass-refusal incident (event 3231) is counted over every process on the
/// database, not per process. Two service providers (two apps, each with its own token client and detector) on one
/// real PostgreSQL database share the refusals between them; the simulator has forgotten every refresh token.
/// </summary>
public sealed class ClusterIncidentTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    private const int Threshold = 4;

    /// <summary><c>AdvancedLog.RefusalIncidentStarted</c>.</summary>
    private const int IncidentStartedEventId = 3231;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        fixture.Simulator.Control.RememberRefreshTokens();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Refusals_seen_by_two_processes_add_up_to_one_incident_and_the_tokens_after_the_threshold_are_kept()
    {
        await using var first = await StartAppAsync();
        await using var second = await StartAppAsync();
        var control = fixture.Simulator.Control;
        var instances = new List<string>();
        for (var i = 0; i < Threshold + 2; i++)
        {
            var instanceId = control.CreateInstalledInstance();
            await first.Store.SaveRefreshTokenAsync(instanceId, control.IssueRefreshToken(instanceId), CancellationToken.None);
            instances.Add(instanceId);
        }

        control.ForgetRefreshTokens();

        // Taken in turn: neither process alone sees the threshold (each sees three refusals).
        for (var i = 0; i < instances.Count; i++)
        {
            var app = i % 2 == 0 ? first : second;
            Assert.Equal(WixAuthStrategyNames.ClientCredentials, (await app.Strategy.AcquireTokenAsync(instances[i], CancellationToken.None)).Strategy);
        }

        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var quarantined = (await connection.QueryAsync<string>("SELECT instance_id FROM wix_quarantined_refresh_tokens")).ToHashSet();
        Assert.Equal(instances.Take(Threshold - 1).ToHashSet(), quarantined);
        foreach (var kept in instances.Skip(Threshold - 1))
        {
            var installation = await first.Store.FindAsync(kept, CancellationToken.None);
            Assert.NotNull(installation);
            Assert.Equal(WixFallbackReason.Incident, installation.FallbackReason);
            Assert.True(installation.HasRefreshToken, "a token refused during the incident is kept");
        }

        // The process that crossed the threshold raised the incident; the other one joined it at its next refusal.
        Assert.Contains(second.Logs.GetSnapshot(), r => r.Id.Id == IncidentStartedEventId);
        Assert.Contains(first.Logs.GetSnapshot(), r => r.Id.Id == IncidentStartedEventId);
    }

    private Task<AdvancedApp> StartAppAsync() => AdvancedApp.StartAsync(
        fixture.Simulator,
        fixture.Database.ConnectionString,
        configureServices: services => services.Configure<WixRefreshPolicyOptions>(o => o.IncidentThreshold = Threshold));
}
