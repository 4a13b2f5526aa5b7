using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Tests.Storage;

public sealed class StoreOptionsTests
{
    [Fact]
    public async Task A_missing_connection_string_fails_start_up_naming_the_key()
    {
        using var host = StoreProcess.Build(string.Empty, TestCertificate.Path);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:Postgres:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_fails_start_up_without_echoing_it()
    {
        using var host = StoreProcess.Build("Host=db;Password=hunter2-secret;Bogus Key=1", TestCertificate.Path);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:Postgres:ConnectionString is not a valid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_positive_lock_timeout_fails_start_up_naming_the_key()
    {
        using var host = StoreProcess.Build("Host=db", TestCertificate.Path, configure: o => o.RefreshLockTimeout = TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:Postgres:RefreshLockTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retentions_shorter_than_wix_keeps_codes_and_redelivers_events_fail_start_up_naming_their_keys()
    {
        using var host = StoreProcess.Build("Host=db", TestCertificate.Path, configure: o =>
        {
            o.RedeemedCodeRetention = TimeSpan.FromMinutes(5);
            o.WebhookEventRetention = TimeSpan.FromHours(12);
            o.PurgeInterval = TimeSpan.Zero;
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:Postgres:RedeemedCodeRetention", error.Message, StringComparison.Ordinal);
        Assert.Contains("WixAuth:Postgres:WebhookEventRetention", error.Message, StringComparison.Ordinal);
        Assert.Contains("WixAuth:Postgres:PurgeInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_handshake_threshold_within_two_http_timeouts_fails_start_up_naming_both_keys()
    {
        // The default Wix:HttpTotalTimeout is 30 s: an install callback may wait 60 s for the exchange and Token Info.
        using var host = StoreProcess.Build("Host=db", TestCertificate.Path, configure: o => o.InterruptedHandshakeAfter = TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:Postgres:InterruptedHandshakeAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("Wix:HttpTotalTimeout", error.Message, StringComparison.Ordinal);
    }
}
