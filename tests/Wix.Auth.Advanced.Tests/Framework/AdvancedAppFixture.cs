using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Wix.Auth.Simulator;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Framework;

/// <summary>One database, one simulator and one app per test class; <see cref="ResetAsync"/> before each test.</summary>
// Not sealed: a test class subclasses it to configure the handshake (xunit fixtures need a parameterless constructor).
public class AdvancedAppFixture : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private AdvancedApp? _app;
    private WixSimulator? _simulator;

    internal AdvancedApp App => _app!;

    public WixSimulator Simulator => _simulator!;

    public PostgresDatabaseFixture Database => _database;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _simulator = await WixSimulator.StartAsync(new WixSimulatorOptions());
        _app = await AdvancedApp.StartAsync(_simulator, _database.ConnectionString, Configure, ConfigureServices);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    public async Task ResetAsync()
    {
        await _database.ResetAsync();
        Simulator.Control.Counters.Reset();
        Simulator.Control.RotateRefreshTokens = false;
        App.Logs.Clear();
    }

    public async Task<long> InstallationCountAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM wix_installations");
    }

    protected virtual void Configure(WixOAuthOptions options)
    {
    }

    /// <summary>Registrations of the test class on top of the app's (e.g. handshake event subscribers).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
