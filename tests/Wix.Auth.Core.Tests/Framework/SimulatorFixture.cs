using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests.Framework;

/// <summary>One simulator per test class, on a loopback port. Tests use their own instances, so they do not interfere.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    /// <summary>The redirect URL registered for the legacy install flow (never contacted: the code is read from the Location header).</summary>
    public const string RedirectUrl = "https://app.example.test/oauth/callback";

    private WixSimulator? _simulator;

    public WixSimulator Simulator => _simulator ?? throw new InvalidOperationException("The simulator has not started.");

    public async Task InitializeAsync()
    {
        var options = new WixSimulatorOptions();
        options.RedirectUrls.Add(RedirectUrl);
        _simulator = await WixSimulator.StartAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
