using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Simulator.Tests;

/// <summary>A simulator on a fake clock, so code and token lifetimes can be crossed without waiting.</summary>
public sealed class FakeClockSimulatorFixture : SimulatorFixture
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    protected override void Configure(WixSimulatorOptions options) => options.TimeProvider = Time;
}
