using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wix.Auth.PostgreSql;

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

    [Fact]
    public async Task A_redelivery_window_not_below_the_webhook_inbox_retention_fails_start_up_naming_both_settings()
    {
        // The largest window allowed with the default retention: a re-delivery on its last day would find its inbox row purged.
        using var host = StoreProcess.Build("Host=db", TestCertificate.Path, configureHost: b =>
            b.Services.Configure<WixWebhookVerificationOptions>(w => w.RedeliveryWindow = WixWebhookVerificationOptions.MaxRedeliveryWindow));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(
            "Wix:Webhooks:RedeliveryWindow (7.00:00:00) must be below WixAuth:Postgres:WebhookEventRetention (7.00:00:00) by more than twice Wix:Webhooks:ClockSkew (00:00:30)",
            error.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.00:00:00", "3.00:00:00", "00:00:30", true)]
    [InlineData("2.23:59:00", "3.00:00:00", "00:00:30", false)]
    [InlineData("2.23:58:59", "3.00:00:00", "00:00:30", true)]
    [InlineData("00:00:00", "2.00:00:00", "00:00:30", true)]
    [InlineData("3.00:00:00", "2.00:00:00", "00:00:00", false)]
    public void The_redelivery_window_must_end_before_the_inbox_forgets_the_event(string window, string retention, string skew, bool valid)
    {
        using var host = StoreProcess.Build(
            "Host=db",
            TestCertificate.Path,
            configure: o => o.WebhookEventRetention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture),
            configureHost: b => b.Services.Configure<WixWebhookVerificationOptions>(w =>
            {
                w.RedeliveryWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture);
                w.ClockSkew = TimeSpan.Parse(skew, System.Globalization.CultureInfo.InvariantCulture);
            }));

        var options = host.Services.GetRequiredService<IOptions<WixPostgresStoreOptions>>();
        if (valid)
        {
            Assert.Equal(TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture), options.Value.WebhookEventRetention);
        }
        else
        {
            var error = Assert.Throws<OptionsValidationException>(() => options.Value);
            Assert.Contains("Wix:Webhooks:RedeliveryWindow", error.Message, StringComparison.Ordinal);
        }
    }
}
