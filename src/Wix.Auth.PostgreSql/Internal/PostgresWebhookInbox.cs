using Dapper;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The webhook inbox: the event row and its effect on the installation in one transaction (checklist F4/F5).
/// <c>ON CONFLICT DO NOTHING</c> on the event ID makes re-deliveries no-ops; <c>last_event_at</c> makes an older
/// event delivered late a no-op. Wix's times have one-second resolution, so an event in the same second as the last
/// applied one is applied (the install handshake records its time truncated to the second for the same reason).
/// The caller acknowledges only after this returns.
/// </summary>
internal static class PostgresWebhookInbox
{
    private const string InsertEvent = """
        INSERT INTO wix_webhook_events (event_id, event_type, instance_id, received_at, event_time)
        VALUES (@EventId, @EventType, @InstanceId, @now, @EventTime)
        ON CONFLICT (event_id) DO NOTHING
        """;

    // A removed installation coming back starts a new life; an installed one keeps its refresh token and install date.
    // Either way a new generation (an AppInstalled for an installed row means a removal we missed): tokens from before
    // it are not served after it. A removal's generation is bumped by the table's trigger (status changed).
    private const string ApplyInstalled = """
        INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, last_event_at, row_version)
        VALUES (@InstanceId, 'installed', @clientCredentials, @now, @now, @EventTime, 1)
        ON CONFLICT (instance_id) DO UPDATE
           SET status = 'installed',
               installed_at = CASE WHEN wix_installations.status = 'removed' THEN @now ELSE wix_installations.installed_at END,
               last_event_at = @EventTime, updated_at = @now, row_version = wix_installations.row_version + 1,
               generation = wix_installations.generation + 1
         WHERE wix_installations.last_event_at IS NULL OR wix_installations.last_event_at <= @EventTime
        """;

    // An instance we never heard of is recorded as removed, so its older AppInstalled delivered later stays a no-op.
    private const string ApplyRemoved = """
        INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, last_event_at, row_version)
        VALUES (@InstanceId, 'removed', @clientCredentials, @now, @now, @EventTime, 1)
        ON CONFLICT (instance_id) DO UPDATE
           SET status = 'removed', strategy = @clientCredentials, refresh_token_ciphertext = NULL,
               last_event_at = @EventTime, updated_at = @now, row_version = wix_installations.row_version + 1
         WHERE wix_installations.last_event_at IS NULL OR wix_installations.last_event_at <= @EventTime
        """;

    // Billing events are ordered among themselves by plan_changed_at, apart from install/remove ordering; an instance we
    // never heard of is recorded as installed (Wix bills only installed apps). Values an event does not carry are kept.
    private const string ApplyPlan = """
        INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, row_version,
                                       plan_product_id, plan_cycle, plan_expires_at, plan_auto_renew, plan_event, plan_changed_at)
        VALUES (@InstanceId, 'installed', @clientCredentials, @now, @now, 1,
                @planProductId, @planCycle, @planExpiresAt, @planAutoRenew, @EventType, @EventTime)
        ON CONFLICT (instance_id) DO UPDATE
           SET plan_product_id = COALESCE(@planProductId, wix_installations.plan_product_id),
               plan_cycle = COALESCE(@planCycle, wix_installations.plan_cycle),
               plan_expires_at = COALESCE(@planExpiresAt, wix_installations.plan_expires_at),
               plan_auto_renew = COALESCE(@planAutoRenew, wix_installations.plan_auto_renew),
               plan_event = @EventType, plan_changed_at = @EventTime, updated_at = @now, row_version = wix_installations.row_version + 1
         WHERE wix_installations.plan_changed_at IS NULL OR wix_installations.plan_changed_at <= @EventTime
        """;

    public static async Task<WixWebhookOutcome> RecordAsync(
        NpgsqlDataSource db, WixWebhookEventRecord webhookEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentException.ThrowIfNullOrEmpty(webhookEvent.EventId);
        ArgumentException.ThrowIfNullOrEmpty(webhookEvent.EventType);
        // Named one by one: the plan is a nested record Dapper cannot bind.
        var parameters = new DynamicParameters();
        parameters.Add("EventId", webhookEvent.EventId);
        parameters.Add("EventType", webhookEvent.EventType);
        parameters.Add("InstanceId", webhookEvent.InstanceId);
        parameters.Add("EventTime", webhookEvent.EventTime);
        parameters.Add("planProductId", webhookEvent.Plan?.VendorProductId);
        parameters.Add("planCycle", webhookEvent.Plan?.Cycle);
        parameters.Add("planExpiresAt", webhookEvent.Plan?.ExpiresAt);
        parameters.Add("planAutoRenew", webhookEvent.Plan?.AutoRenew);
        parameters.Add("now", now);
        parameters.Add("clientCredentials", WixAuthStrategyNames.ClientCredentials);

        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertEvent, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (inserted == 0)
        {
            return WixWebhookOutcome.Duplicate;
        }

        var outcome = WixWebhookOutcome.Recorded;
        if (webhookEvent.InstanceId is not null && webhookEvent.Effect != WixWebhookEffect.None)
        {
            var sql = webhookEvent.Effect switch
            {
                WixWebhookEffect.Installed => ApplyInstalled,
                WixWebhookEffect.Removed => ApplyRemoved,
                _ => ApplyPlan,
            };
            var applied = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            outcome = applied == 1 ? WixWebhookOutcome.Applied : WixWebhookOutcome.Stale;
        }

        parameters.Add("outcome", outcome.ToString().ToLowerInvariant());
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE wix_webhook_events SET outcome = @outcome WHERE event_id = @EventId", parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
