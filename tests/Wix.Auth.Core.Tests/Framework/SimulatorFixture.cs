using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests.Framework;

/// <summary>The shared simulator fixture with the redirect URL the code-exchange tests need registered.</summary>
public sealed class SimulatorFixture : Wix.Auth.Testing.Simulation.SimulatorFixture
{
    /// <summary>The redirect URL registered for the legacy install flow (never contacted: the code is read from the Location header).</summary>
    public const string RedirectUrl = "https://app.example.test/oauth/callback";

    protected override void Configure(WixSimulatorOptions options) => options.RedirectUrls.Add(RedirectUrl);
}
