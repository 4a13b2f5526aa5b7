namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The inbox's statements, each recording an event and applying its effect in one statement, so in one round trip and
/// one implicit transaction (one commit) per delivery. The effect is written first, guarded by "no row for this event
/// ID yet"; the event row is inserted last, without ON CONFLICT, carrying what the effect did. A re-delivery seen as
/// committed inserts nothing (no row returned: a duplicate); one racing its original past the guard fails on the event
/// ID's primary key, which rolls its effect back with it — the caller reads that failure as a duplicate. Effects are
/// written by <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c> on the instance's row, which waits for a concurrent
/// writer of the row and re-checks its ordering condition on the newest version. Parameters: <c>@EventId</c>,
/// <c>@EventType</c>, <c>@InstanceId</c>, <c>@EventTime</c>, <c>@now</c>, <c>@clientCredentials</c> and the plan's
/// <c>@planProductId</c>, <c>@planCycle</c>, <c>@planExpiresAt</c>, <c>@planAutoRenew</c>. Each returns the outcome
/// recorded, or no row for a duplicate.
/// </summary>
internal static class WebhookInboxSql
{
    /// <summary>The name of the event ID's primary key, whose violation means "recorded by a concurrent delivery".</summary>
    public const string EventPrimaryKey = "wix_webhook_events_pkey";

    /// <summary>An event with no effect on an installation: recorded only.</summary>
    public const string RecordOnly = """
        INSERT INTO wix_webhook_events (event_id, event_type, instance_id, received_at, event_time, outcome)
        VALUES (@EventId, @EventType, @InstanceId, @now, @EventTime, 'recorded')
        ON CONFLICT (event_id) DO NOTHING
        RETURNING outcome
        """;

    // A removed installation coming back starts a new life; an installed one keeps its refresh token and install date.
    // Either way a new generation (an AppInstalled for an installed row means a removal we missed): tokens from before
    // it are not served after it. A removal's generation is bumped by the table's trigger (status changed).
    public const string Installed = EffectHead + """
        INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, last_event_at, row_version)
        SELECT @InstanceId, 'installed', @clientCredentials, @now, @now, @EventTime, 1
         WHERE NOT EXISTS (SELECT 1 FROM wix_webhook_events WHERE event_id = @EventId)
        ON CONFLICT (instance_id) DO UPDATE
           SET status = 'installed',
               installed_at = CASE WHEN wix_installations.status = 'removed' THEN @now ELSE wix_installations.installed_at END,
               last_event_at = @EventTime, updated_at = @now, row_version = wix_installations.row_version + 1,
               generation = wix_installations.generation + 1
         WHERE wix_installations.last_event_at IS NULL OR wix_installations.last_event_at <= @EventTime
        """ + EffectTail;

    // An instance we never heard of is recorded as removed, so its older AppInstalled delivered later stays a no-op.
    public const string Removed = EffectHead + """
        INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, last_event_at, row_version)
        SELECT @InstanceId, 'removed', @clientCredentials, @now, @now, @EventTime, 1
         WHERE NOT EXISTS (SELECT 1 FROM wix_webhook_events WHERE event_id = @EventId)
        ON CONFLICT (instance_id) DO UPDATE
           SET status = 'removed', strategy = @clientCredentials, refresh_token_ciphertext = NULL,
               last_event_at = @EventTime, updated_at = @now, row_version = wix_installations.row_version + 1
         WHERE wix_installations.last_event_at IS NULL OR wix_installations.last_event_at <= @EventTime
        """ + EffectTail;

    // Billing events are ordered among themselves by plan_changed_at, apart from install/remove ordering; an instance we
    // never heard of is recorded as installed (Wix bills only installed apps). Values an event does not carry are kept.
    public const string Plan = EffectHead + """
        INSERT INTO wix_installations (instance_id, status, strategy, installed_at, updated_at, row_version,
                                       plan_product_id, plan_cycle, plan_expires_at, plan_auto_renew, plan_event, plan_changed_at)
        SELECT @InstanceId, 'installed', @clientCredentials, @now, @now, 1,
               @planProductId, @planCycle, @planExpiresAt, @planAutoRenew, @EventType, @EventTime
         WHERE NOT EXISTS (SELECT 1 FROM wix_webhook_events WHERE event_id = @EventId)
        ON CONFLICT (instance_id) DO UPDATE
           SET plan_product_id = COALESCE(@planProductId, wix_installations.plan_product_id),
               plan_cycle = COALESCE(@planCycle, wix_installations.plan_cycle),
               plan_expires_at = COALESCE(@planExpiresAt, wix_installations.plan_expires_at),
               plan_auto_renew = COALESCE(@planAutoRenew, wix_installations.plan_auto_renew),
               plan_event = @EventType, plan_changed_at = @EventTime, updated_at = @now, row_version = wix_installations.row_version + 1
         WHERE wix_installations.plan_changed_at IS NULL OR wix_installations.plan_changed_at <= @EventTime
        """ + EffectTail;

    private const string EffectHead = "WITH applied AS (\n";

    // The row count of the effect (one row, or none when its ordering condition kept the newer state) is the outcome.
    private const string EffectTail = """

        RETURNING 1)
        INSERT INTO wix_webhook_events (event_id, event_type, instance_id, received_at, event_time, outcome)
        SELECT @EventId, @EventType, @InstanceId, @now, @EventTime,
               CASE WHEN EXISTS (SELECT 1 FROM applied) THEN 'applied' ELSE 'stale' END
         WHERE NOT EXISTS (SELECT 1 FROM wix_webhook_events WHERE event_id = @EventId)
        RETURNING outcome
        """;
}
