using System.Diagnostics;
using Dapper;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Advanced.Tests.Storage;

/// <summary>
/// The inbox records an event and applies its effect in one statement (checklist L4: one round trip and one commit per
/// delivery). Re-deliveries racing their original must still change the installation once and notify once.
/// </summary>
public sealed class WebhookInboxTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Instance = "3f0a6b0e-0000-4000-8000-0000000000d1";
    private StoreProcess _process = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _process = await StoreProcess.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();

    [Fact]
    public async Task Re_deliveries_that_raced_past_the_inbox_check_change_the_installation_once_and_notify_once()
    {
        var inbox = _process.Inbox;
        Assert.Equal(WixWebhookOutcome.Applied, await inbox.RecordWebhookEventAsync(Installed(DateTimeOffset.UtcNow.AddMinutes(-5)), CancellationToken.None));
        var versionBefore = await database.ScalarAsync<long>("SELECT row_version FROM wix_installations WHERE instance_id = @id", ("id", Instance));
        var plan = Plan("plan-gold", DateTimeOffset.UtcNow.AddMinutes(-1));

        // Holding the installation's row makes every delivery pass the "not recorded yet" check and then wait on the
        // row: all four are in flight at once, none has seen another's event row.
        const int Deliveries = 4;
        Task<WixWebhookOutcome>[] outcomes;
        await using (var blocker = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await blocker.BeginTransactionAsync())
        {
            await blocker.ExecuteAsync("SELECT 1 FROM wix_installations WHERE instance_id = @Instance FOR UPDATE", new { Instance }, transaction);
            outcomes = [.. Enumerable.Range(0, Deliveries).Select(_ => Task.Run(() => inbox.RecordWebhookEventAsync(plan, CancellationToken.None)))];
            await WaitForLockWaitersAsync(Deliveries);
            await transaction.CommitAsync();
        }

        var results = await Task.WhenAll(outcomes);

        Assert.Equal(1, results.Count(r => r == WixWebhookOutcome.Applied));
        Assert.Equal(Deliveries - 1, results.Count(r => r == WixWebhookOutcome.Duplicate));
        Assert.Equal(versionBefore + 1, await database.ScalarAsync<long>("SELECT row_version FROM wix_installations WHERE instance_id = @id", ("id", Instance)));
        Assert.Equal("applied", await database.ScalarAsync<string>("SELECT outcome FROM wix_webhook_events WHERE event_id = @id", ("id", plan.EventId)));
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM wix_notification_outbox WHERE instance_id = @id AND event_type = 'installation.plan_changed'", ("id", Instance)));
    }

    [Fact]
    public async Task Each_outcome_is_recorded_with_its_event_in_one_database_command()
    {
        var inbox = _process.Inbox;
        var now = DateTimeOffset.UtcNow;
        var installed = Installed(now.AddMinutes(-5));
        var events = new (WixWebhookEventRecord Event, WixWebhookOutcome Expected)[]
        {
            (installed, WixWebhookOutcome.Applied),
            (Plan("plan-2", now.AddMinutes(-1)), WixWebhookOutcome.Applied),
            (Plan("plan-1", now.AddMinutes(-2)), WixWebhookOutcome.Stale),
            (installed, WixWebhookOutcome.Duplicate),
            (new WixWebhookEventRecord(NewId(), "SiteTranslated", Instance, now, WixWebhookEffect.None), WixWebhookOutcome.Recorded),
            (new WixWebhookEventRecord(NewId(), "AppRemoved", Instance, now, WixWebhookEffect.Removed), WixWebhookOutcome.Applied),
        };

        foreach (var (webhookEvent, expected) in events)
        {
            var (outcome, commands) = await CountCommandsAsync(() => inbox.RecordWebhookEventAsync(webhookEvent, CancellationToken.None));
            Assert.Equal(expected, outcome);
            Assert.Equal(1, commands);
        }

        Assert.Equal("removed", await database.ScalarAsync<string>("SELECT status FROM wix_installations WHERE instance_id = @id", ("id", Instance)));
        Assert.Equal("plan-2", await database.ScalarAsync<string>("SELECT plan_product_id FROM wix_installations WHERE instance_id = @id", ("id", Instance)));
        Assert.Equal(
            ["applied", "applied", "applied", "recorded", "stale"],
            (await (await database.DataSource.OpenConnectionAsync()).QueryAsync<string>("SELECT outcome FROM wix_webhook_events ORDER BY outcome")).ToArray());
    }

    // Npgsql starts one activity per command it executes, and one per physical connection it opens ("CONNECT ...", which
    // a pool does once, not per delivery: not counted). Only those of this test's own call are counted, not those of tests
    // running alongside.
    private static async Task<(T Result, int Commands)> CountCommandsAsync<T>(Func<Task<T>> call)
    {
        using var source = new ActivitySource("Wix.Auth.Advanced.Tests.WebhookInbox");
        using var ours = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(ours);
        using var activity = source.StartActivity("record");
        Assert.NotNull(activity);
        var trace = activity.TraceId;
        var commands = 0;
        using var npgsql = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == trace ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            ActivityStarted = a =>
            {
                if (a.TraceId == trace && !a.OperationName.StartsWith("CONNECT", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        ActivitySource.AddActivityListener(npgsql);
        var result = await call();
        return (result, commands);
    }

    // Whichever lock each delivery waits on (the row, or another delivery's event ID), all of them must be waiting before
    // the row is released. Bounded, so that a delivery that never reaches a lock fails the test instead of hanging it.
    private async Task WaitForLockWaitersAsync(int count)
    {
        const string Waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await database.ScalarAsync<long>(Waiting) < count)
        {
            if (limit.IsCancellationRequested)
            {
                throw new InvalidOperationException($"Fewer than {count} deliveries ever waited on a lock.");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    private static WixWebhookEventRecord Installed(DateTimeOffset at) => new(NewId(), "AppInstalled", Instance, at, WixWebhookEffect.Installed);

    private static WixWebhookEventRecord Plan(string product, DateTimeOffset at) =>
        new(NewId(), "PaidPlanChanged", Instance, at, WixWebhookEffect.PlanChanged, new WixPlanChange(product, "MONTHLY", null, null));

    private static string NewId() => "event-" + Guid.NewGuid().ToString("N");
}
