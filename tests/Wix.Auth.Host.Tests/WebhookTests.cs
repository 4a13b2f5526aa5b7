using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary><c>POST /webhooks/wix</c>: verification, durable recording, idempotency and ordering (checklist F, FI-7, FI-8).</summary>
public sealed class WebhookTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public enum Forgery
    {
        ForeignKey,
        AlgNone,
        Hs256WithPublicKey,
        Expired,
        NotYetValid,
        Garbage,
        OneMegabyte,
    }

    [Theory]
    [InlineData(Forgery.ForeignKey, HttpStatusCode.Unauthorized)]
    [InlineData(Forgery.AlgNone, HttpStatusCode.Unauthorized)]
    [InlineData(Forgery.Hs256WithPublicKey, HttpStatusCode.Unauthorized)]
    [InlineData(Forgery.Expired, HttpStatusCode.Unauthorized)]
    [InlineData(Forgery.NotYetValid, HttpStatusCode.Unauthorized)]
    [InlineData(Forgery.Garbage, HttpStatusCode.BadRequest)]
    [InlineData(Forgery.OneMegabyte, HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_webhook_that_does_not_verify_is_refused_and_nothing_is_stored(Forgery forgery, HttpStatusCode expected)
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var control = fixture.Simulator.Control;
        var payload = ForgedWebhooks.Payload("AppInstalled", instanceId, control.AppId);
        var body = forgery switch
        {
            Forgery.ForeignKey => ForgedWebhooks.SignedWithForeignKey(payload),
            Forgery.AlgNone => ForgedWebhooks.AlgNone(payload),
            Forgery.Hs256WithPublicKey => ForgedWebhooks.Hs256WithPublicKeyAsSecret(payload, control.PublicKeyPem),
            // Issued beyond the 48-hour re-delivery window (Wix:Webhooks:RedeliveryWindow), expired long ago.
            Forgery.Expired => control.CreateWebhookJwt("AppInstalled", instanceId, "{}", DateTimeOffset.UtcNow.AddHours(-49), TimeSpan.FromMinutes(8)),
            Forgery.NotYetValid => control.CreateWebhookJwt("AppInstalled", instanceId, "{}", DateTimeOffset.UtcNow.AddMinutes(5)),
            Forgery.Garbage => "this is not a JWT at all",
            _ => new string('a', 1024 * 1024),
        };

        // Whole tables, not rows of this instance: the garbage and oversized bodies carry no instance ID at all.
        // (Tests of one class run one after another, and nothing else posts webhooks to this fixture's host.)
        var eventsBefore = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_webhook_events");
        var installationsBefore = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_installations");

        using var response = await WebhookPosts.PostAsync(fixture, body);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(eventsBefore, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_webhook_events"));
        Assert.Equal(installationsBefore, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_installations"));
        if (expected == HttpStatusCode.Unauthorized)
        {
            // A refused signature is a security event with a stable ID (checklist H2).
            Assert.Contains(fixture.Logs.Lines, l => l.Contains("[5002]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_authentic_redelivery_after_its_exp_is_applied_once_within_the_window()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        // Wix's fourth retry (about 3 h after the first attempt) with the token it signed for the first one.
        var body = fixture.Simulator.Control.CreateWebhookJwt("AppInstalled", instanceId, "{}", DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromMinutes(5));

        using var first = await WebhookPosts.PostAsync(fixture, body);
        using var again = await WebhookPosts.PostAsync(fixture, body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("installed", await fixture.Database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_webhook_events WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT row_version FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        var late = fixture.Logs.Lines.Where(l => l.Contains("[5080]", StringComparison.Ordinal) && l.Contains(instanceId, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, late.Count);
        Assert.Contains(late, l => l.Contains("Applied", StringComparison.Ordinal));
        Assert.Contains(late, l => l.Contains("Duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redelivery_beyond_the_window_or_forged_after_its_exp_is_refused_with_a_clear_log()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var control = fixture.Simulator.Control;
        var tooLate = control.CreateWebhookJwt("AppInstalled", instanceId, "{}", DateTimeOffset.UtcNow.AddHours(-49), TimeSpan.FromMinutes(5));
        var forged = ForgedWebhooks.SignedWithForeignKey(ForgedWebhooks.Payload("AppInstalled", instanceId, control.AppId));

        using var late = await WebhookPosts.PostAsync(fixture, tooLate);
        using var forgery = await WebhookPosts.PostAsync(fixture, forged);

        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgery.StatusCode);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("[5081]", StringComparison.Ordinal) && l.Contains("Wix:Webhooks:RedeliveryWindow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppInstalled_signed_by_the_app_key_records_the_instance_for_client_credentials()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();

        using var response = await WebhookPosts.PostAsync(fixture, WebhookPosts.Installed(fixture, instanceId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("installed", await fixture.Database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal("client_credentials", await fixture.Database.ScalarAsync<string>("SELECT strategy FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
    }

    [Fact]
    public async Task Each_event_delivered_five_times_concurrently_is_recorded_once()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var body = WebhookPosts.Installed(fixture, instanceId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => WebhookPosts.PostAsync(fixture, body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_webhook_events WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT row_version FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task An_older_AppInstalled_delivered_after_AppRemoved_changes_nothing()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var now = DateTimeOffset.UtcNow;
        var installed = WebhookPosts.Installed(fixture, instanceId, now.AddSeconds(-30));
        var removed = WebhookPosts.Removed(fixture, instanceId, now.AddSeconds(-10));

        using var first = await WebhookPosts.PostAsync(fixture, removed);
        using var late = await WebhookPosts.PostAsync(fixture, installed);
        using var again = await WebhookPosts.PostAsync(fixture, removed);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("removed", await fixture.Database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_webhook_events WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal("stale", await fixture.Database.ScalarAsync<string>("SELECT outcome FROM wix_webhook_events WHERE instance_id = @id AND event_type = 'AppInstalled'", ("id", instanceId)));
    }

    [Fact]
    public async Task AppRemoved_after_an_install_marks_it_removed_and_deletes_the_refresh_token()
    {
        var install = await InstallFlow.InstallAsync(fixture);
        Assert.True(await fixture.Database.ScalarAsync<bool>(
            "SELECT refresh_token_ciphertext IS NOT NULL FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));

        fixture.Simulator.Control.Uninstall(install.InstanceId);
        await fixture.Simulator.Control.WaitForWebhookAsync("AppRemoved", install.InstanceId, TimeSpan.FromSeconds(10));

        Assert.Equal("removed", await fixture.Database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
        Assert.True(await fixture.Database.ScalarAsync<bool>(
            "SELECT refresh_token_ciphertext IS NULL FROM wix_installations WHERE instance_id = @id", ("id", install.InstanceId)));
    }

    [Fact]
    public async Task An_unknown_event_type_is_acknowledged_and_recorded_without_effect()
    {
        var instanceId = fixture.Simulator.Control.CreateInstalledInstance();
        var body = fixture.Simulator.Control.CreateWebhookJwt("SiteTranslated", instanceId, """{"language":"fr"}""");

        using var response = await WebhookPosts.PostAsync(fixture, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("recorded", await fixture.Database.ScalarAsync<string>("SELECT outcome FROM wix_webhook_events WHERE instance_id = @id", ("id", instanceId)));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM wix_installations WHERE instance_id = @id", ("id", instanceId)));
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("[5001]", StringComparison.Ordinal) && l.Contains("SiteTranslated", StringComparison.Ordinal));
    }
}
