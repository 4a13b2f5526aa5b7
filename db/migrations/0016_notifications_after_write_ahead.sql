-- The handshake write-ahead (0015) records an installation as installed with fallback_reason 'installing' before the
-- code is redeemed, and clears it when the exchange completes. Through the notification trigger of 0011 every install
-- then told the app "fallback" and "refresh_restored" within the same second, and a write-ahead taken back (Wix
-- refused the code, or did not confirm the instance) announced an installation that never was.
-- A write-ahead is not reported while it is pending. It is reported when it resolves:
--   completed (fallback_reason cleared)                  -> installation.installed
--   the exchange failed (last_error_code leaves
--   'exchange_pending' while still 'installing')         -> installation.installed + installation.fallback (reason
--                                                           installing, with the error code): served by client credentials
--   taken back (row deleted, or set back to removed)     -> nothing (nothing was announced)
-- A failed exchange followed by a completed install is announced as installation.refresh_restored (the last event the
-- app heard for the instance was the fallback).
-- A process killed between the write-ahead and the exchange leaves 'exchange_pending' and no event until the next
-- install or webhook resolves it.
-- The notification function of 0011 stays as it is: it no longer fires for rows in or leaving a write-ahead, and one
-- function of its own announces those.
DROP TRIGGER wix_installations_notify ON wix_installations;

CREATE TRIGGER wix_installations_notify_insert AFTER INSERT ON wix_installations
    FOR EACH ROW WHEN (NEW.fallback_reason IS DISTINCT FROM 'installing')
    EXECUTE FUNCTION wix_installation_notify();

CREATE TRIGGER wix_installations_notify_update AFTER UPDATE ON wix_installations
    FOR EACH ROW WHEN (NEW.fallback_reason IS DISTINCT FROM 'installing' AND OLD.fallback_reason IS DISTINCT FROM 'installing')
    EXECUTE FUNCTION wix_installation_notify();

-- A row inserted as a write-ahead announces nothing, so only updates in or out of 'installing' reach this one.
CREATE FUNCTION wix_installation_notify_write_ahead() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    at timestamptz := NEW.updated_at;
    last_event text;
BEGIN
    IF OLD.fallback_reason IS DISTINCT FROM 'installing' OR NEW.status <> 'installed' THEN
        -- A write-ahead begun (nothing to announce yet), or taken back to removed (never announced as installed).
        RETURN NULL;
    END IF;
    -- What the app last heard about this instance: a failed exchange was announced with its fallback, and an install
    -- after it (which writes a new write-ahead first) restores the refresh token rather than installs.
    SELECT event_type INTO last_event FROM wix_notification_outbox
     WHERE instance_id = NEW.instance_id ORDER BY id DESC LIMIT 1;
    IF NEW.fallback_reason IS NOT DISTINCT FROM 'installing' THEN
        IF OLD.last_error_code IS NOT DISTINCT FROM 'exchange_pending'
           AND NEW.last_error_code IS DISTINCT FROM 'exchange_pending'
           AND last_event IS DISTINCT FROM 'installation.fallback' THEN
            PERFORM wix_notification_enqueue('installation.installed', NEW.instance_id, at,
                jsonb_build_object('strategy', NEW.strategy, 'has_refresh_token', NEW.refresh_token_ciphertext IS NOT NULL));
            PERFORM wix_notification_enqueue('installation.fallback', NEW.instance_id, at,
                jsonb_build_object('reason', NEW.fallback_reason, 'error_code', NEW.last_error_code, 'strategy', NEW.strategy));
        END IF;
    ELSIF last_event IS NOT DISTINCT FROM 'installation.fallback' THEN
        PERFORM wix_notification_enqueue('installation.refresh_restored', NEW.instance_id, at,
            jsonb_build_object('strategy', NEW.strategy, 'previous_reason', OLD.fallback_reason));
    ELSE
        PERFORM wix_notification_enqueue('installation.installed', NEW.instance_id, at,
            jsonb_build_object('strategy', NEW.strategy, 'has_refresh_token', NEW.refresh_token_ciphertext IS NOT NULL));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER wix_installations_notify_write_ahead AFTER UPDATE ON wix_installations
    FOR EACH ROW WHEN (NEW.fallback_reason IS NOT DISTINCT FROM 'installing' OR OLD.fallback_reason IS NOT DISTINCT FROM 'installing')
    EXECUTE FUNCTION wix_installation_notify_write_ahead();

-- The write-ahead function reads the instance's last event when a write-ahead resolves.
CREATE INDEX wix_notification_outbox_instance ON wix_notification_outbox (instance_id, id);
