-- Webhooks arrive at least once and out of order. Each installation remembers the time of the newest install or
-- removal applied to it (a webhook's event time, or the install handshake's time), so an older event delivered late
-- is recorded but changes nothing. The inbox keeps each event's time and what recording it did, for operators.
ALTER TABLE wix_installations ADD COLUMN last_event_at timestamptz NULL;

ALTER TABLE wix_webhook_events ADD COLUMN event_time timestamptz NULL;
ALTER TABLE wix_webhook_events ADD COLUMN outcome text NULL;

CREATE INDEX wix_webhook_events_received_at ON wix_webhook_events (received_at);
