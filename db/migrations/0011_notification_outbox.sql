-- Outbound notifications (issue 13): the app hears about every change of an installation without polling. A trigger
-- writes the event into this outbox in the same transaction as the change, whichever code path made it (handshake,
-- webhook, refresh fallback, import, migration), so no change is committed without its event and no event without
-- its change. The body is stored exactly as it is signed and sent, and webhook_id is fixed at insert: every retry of an
-- event carries the same ID and bytes (Standard Webhooks; receivers de-duplicate on the ID).
-- The plan columns record the app-instance billing webhooks (PaidPlanPurchased, PaidPlanChanged, ...).
ALTER TABLE wix_installations ADD COLUMN plan_product_id text NULL;
ALTER TABLE wix_installations ADD COLUMN plan_cycle text NULL;
ALTER TABLE wix_installations ADD COLUMN plan_expires_at timestamptz NULL;
ALTER TABLE wix_installations ADD COLUMN plan_auto_renew boolean NULL;
ALTER TABLE wix_installations ADD COLUMN plan_event text NULL;
ALTER TABLE wix_installations ADD COLUMN plan_changed_at timestamptz NULL;

CREATE TABLE wix_notification_outbox (
    id              bigserial   PRIMARY KEY,
    webhook_id      text        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    instance_id     text        NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz NULL,
    failed_at       timestamptz NULL,
    last_error      text        NULL
);

CREATE INDEX wix_notification_outbox_due ON wix_notification_outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX wix_notification_outbox_created_at ON wix_notification_outbox (created_at);

CREATE FUNCTION wix_notification_enqueue(event_type text, instance_id text, at timestamptz, data jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    source text := nullif(current_setting('wix_auth.change_source', true), '');
    body text;
BEGIN
    body := jsonb_build_object(
        'type', event_type,
        'timestamp', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'data', jsonb_build_object('instance_id', instance_id) || data
            || CASE WHEN source IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('source', source) END)::text;
    INSERT INTO wix_notification_outbox (webhook_id, event_type, instance_id, body, created_at, next_attempt_at)
    VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), event_type, instance_id, body, at, at);
END $$;

-- Never a token or a secret in an event: only states, reasons, error codes and dates.
CREATE FUNCTION wix_installation_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    at timestamptz := NEW.updated_at;
BEGIN
    IF NEW.status IS DISTINCT FROM (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END) THEN
        PERFORM wix_notification_enqueue('installation.' || NEW.status, NEW.instance_id, at,
            jsonb_build_object('strategy', NEW.strategy, 'has_refresh_token', NEW.refresh_token_ciphertext IS NOT NULL));
    END IF;
    IF NEW.fallback_reason IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.fallback_reason IS DISTINCT FROM OLD.fallback_reason) THEN
        PERFORM wix_notification_enqueue('installation.fallback', NEW.instance_id, at,
            jsonb_build_object('reason', NEW.fallback_reason, 'error_code', NEW.last_error_code, 'strategy', NEW.strategy));
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.fallback_reason IS NOT NULL AND NEW.fallback_reason IS NULL AND NEW.refresh_token_ciphertext IS NOT NULL THEN
        PERFORM wix_notification_enqueue('installation.refresh_restored', NEW.instance_id, at,
            jsonb_build_object('strategy', NEW.strategy, 'previous_reason', OLD.fallback_reason));
    END IF;
    IF NEW.preferred_strategy = 'client_credentials'
       AND (TG_OP = 'INSERT' OR OLD.preferred_strategy IS DISTINCT FROM NEW.preferred_strategy) THEN
        PERFORM wix_notification_enqueue('installation.migrated', NEW.instance_id, at,
            jsonb_build_object('strategy', NEW.preferred_strategy, 'refresh_token_kept_until', NEW.refresh_token_keep_until));
    END IF;
    IF NEW.plan_event IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.plan_changed_at IS DISTINCT FROM OLD.plan_changed_at) THEN
        PERFORM wix_notification_enqueue('installation.plan_changed', NEW.instance_id, at,
            jsonb_build_object('event', NEW.plan_event, 'vendor_product_id', NEW.plan_product_id, 'cycle', NEW.plan_cycle,
                               'expires_at', NEW.plan_expires_at, 'auto_renew', NEW.plan_auto_renew));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER wix_installations_notify AFTER INSERT OR UPDATE ON wix_installations
    FOR EACH ROW EXECUTE FUNCTION wix_installation_notify();
