using Wix.Auth.Simulator;
using Xunit;

namespace Wix.Auth.Testing.Simulation;

/// <summary>
/// One simulated Wix per test class (<c>IClassFixture&lt;SimulatorFixture&gt;</c>). Tests share its state, so each
/// test should create its own instances rather than assume an empty simulator.
/// </summary>
// Not sealed on purpose: a test class subclasses it to configure the simulator (xunit fixtures need a parameterless constructor).
public class SimulatorFixture : IAsyncLifetime
{
    private WixSimulator? _simulator;

    /// <summary>The running simulator.</summary>
    public WixSimulator Simulator => _simulator ?? throw new InvalidOperationException("The simulator has not started.");

    /// <summary>Its control surface.</summary>
    public WixSimulatorControl Control => Simulator.Control;

    /// <summary>A client whose base address is the simulator (both the API and installer paths).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var options = new WixSimulatorOptions();
        Configure(options);
        _simulator = await WixSimulator.StartAsync(options).ConfigureAwait(false);
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = _simulator.BaseUrl };
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Override to set the app URL, redirect URLs, webhook URL or a fake clock before the start.</summary>
    protected virtual void Configure(WixSimulatorOptions options)
    {
    }
}
