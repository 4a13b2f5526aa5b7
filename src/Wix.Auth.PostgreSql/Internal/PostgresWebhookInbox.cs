using Npgsql;
using NpgsqlTypes;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The webhook inbox: the event row and its effect on the installation in one statement (checklist F4/F5; the
/// statements and how they de-duplicate are in <see cref="WebhookInboxSql"/>). One round trip and one commit per
/// delivery, synchronous like every other commit of ours: the caller acknowledges only after this returns, and Wix
/// re-delivers only what was not acknowledged. <c>last_event_at</c> makes an older event delivered late a no-op. Wix's
/// times have one-second resolution, so an event in the same second as the last applied one is applied (the install
/// handshake records its time truncated to the second for the same reason).
/// </summary>
internal static class PostgresWebhookInbox
{
    public static async Task<WixWebhookOutcome> RecordAsync(
        NpgsqlDataSource db, WixWebhookEventRecord webhookEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentException.ThrowIfNullOrEmpty(webhookEvent.EventId);
        ArgumentException.ThrowIfNullOrEmpty(webhookEvent.EventType);
        var sql = webhookEvent.InstanceId is null ? WebhookInboxSql.RecordOnly : webhookEvent.Effect switch
        {
            WixWebhookEffect.None => WebhookInboxSql.RecordOnly,
            WixWebhookEffect.Installed => WebhookInboxSql.Installed,
            WixWebhookEffect.Removed => WebhookInboxSql.Removed,
            _ => WebhookInboxSql.Plan,
        };

        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        AddParameters(command.Parameters, webhookEvent, now);
        // Prepared once per physical connection (Npgsql keeps it across pool returns; later calls cost no round trip),
        // so PostgreSQL does not parse and plan the statement again for every delivery.
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        object? outcome;
        try
        {
            outcome = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == WebhookInboxSql.EventPrimaryKey)
        {
            // A concurrent delivery of the same event committed first; this one's effect was rolled back with it.
            return WixWebhookOutcome.Duplicate;
        }

        return outcome switch
        {
            null => WixWebhookOutcome.Duplicate,
            "applied" => WixWebhookOutcome.Applied,
            "stale" => WixWebhookOutcome.Stale,
            "recorded" => WixWebhookOutcome.Recorded,
            _ => throw new InvalidOperationException($"The webhook inbox returned an unknown outcome '{outcome}'."),
        };
    }

    // Typed one by one, so a statement can be prepared and a null (an event without an instance, a plan value the event
    // does not carry) has a type.
    private static void AddParameters(NpgsqlParameterCollection parameters, WixWebhookEventRecord webhookEvent, DateTimeOffset now)
    {
        parameters.Add(new NpgsqlParameter<string>("EventId", NpgsqlDbType.Text) { TypedValue = webhookEvent.EventId });
        parameters.Add(new NpgsqlParameter<string>("EventType", NpgsqlDbType.Text) { TypedValue = webhookEvent.EventType });
        parameters.Add(Nullable("InstanceId", NpgsqlDbType.Text, webhookEvent.InstanceId));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("EventTime", NpgsqlDbType.TimestampTz) { TypedValue = webhookEvent.EventTime });
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        if (webhookEvent.InstanceId is null || webhookEvent.Effect == WixWebhookEffect.None)
        {
            return;
        }

        parameters.Add(new NpgsqlParameter<string>("clientCredentials", NpgsqlDbType.Text) { TypedValue = WixAuthStrategyNames.ClientCredentials });
        if (webhookEvent.Effect is WixWebhookEffect.Installed or WixWebhookEffect.Removed)
        {
            return;
        }

        var plan = webhookEvent.Plan;
        parameters.Add(Nullable("planProductId", NpgsqlDbType.Text, plan?.VendorProductId));
        parameters.Add(Nullable("planCycle", NpgsqlDbType.Text, plan?.Cycle));
        parameters.Add(Nullable("planExpiresAt", NpgsqlDbType.TimestampTz, plan?.ExpiresAt));
        parameters.Add(Nullable("planAutoRenew", NpgsqlDbType.Boolean, plan?.AutoRenew));
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };
}
