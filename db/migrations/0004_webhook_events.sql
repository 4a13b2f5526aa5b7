-- Webhook inbox: one row per delivered event ID, so redeliveries (Wix delivers at least once) are processed once.
CREATE TABLE wix_webhook_events (
    event_id    text        PRIMARY KEY,
    event_type  text        NOT NULL,
    instance_id text        NULL,
    received_at timestamptz NOT NULL
);
