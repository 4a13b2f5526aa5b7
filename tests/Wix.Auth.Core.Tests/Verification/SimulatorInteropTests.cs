using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Wix.Auth.Simulator;

namespace Wix.Auth.Core.Tests.Verification;

/// <summary>The verifiers accept what the simulated Wix mints, so end-to-end tests exercise the real checks.</summary>
public sealed class SimulatorInteropTests : IAsyncLifetime
{
    // A clock far from the real one: any real-time claim the simulator slipped in would show up as a refusal.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2022, 2, 2, 10, 0, 0, TimeSpan.Zero));
    private WixSimulator _simulator = null!;

    public async Task InitializeAsync() =>
        _simulator = await WixSimulator.StartAsync(new WixSimulatorOptions { TimeProvider = _time });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private WixAuthOptions AuthOptions => new()
    {
        AppId = _simulator.Control.AppId,
        AppSecret = _simulator.Control.AppSecret,
        PublicKey = _simulator.Control.PublicKeyPem,
    };

    [Fact]
    public void A_simulated_webhook_verifies()
    {
        var verifier = new WixWebhookVerifier(Options.Create(AuthOptions), Options.Create(new WixWebhookVerificationOptions()), _time);
        var jwt = _simulator.Control.CreateWebhookJwt("AppRemoved", "5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b", """{"appId":"x"}""", lifetime: TimeSpan.FromMinutes(5));

        var webhook = verifier.Verify(jwt);

        Assert.Equal("AppRemoved", webhook.EventType);
        Assert.Equal("5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b", webhook.InstanceId);
        Assert.Equal(_time.GetUtcNow(), webhook.IssuedAt);
    }

    [Theory]
    [InlineData(SignedInstanceFormat.UnpaddedBase64Url)]
    [InlineData(SignedInstanceFormat.PaddedStandardBase64)]
    public void A_simulated_signed_instance_verifies(SignedInstanceFormat format)
    {
        var verifier = new WixInstanceVerifier(Options.Create(AuthOptions), Options.Create(new WixInstanceVerificationOptions()), _time);
        var instanceId = _simulator.Control.CreateInstalledInstance();

        var signed = verifier.Verify(_simulator.Control.CreateSignedInstance(instanceId, format));

        Assert.Equal(instanceId, signed.InstanceId);
        Assert.True(signed.IsOwnerOrCollaborator);
    }
}
