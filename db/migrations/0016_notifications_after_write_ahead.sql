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
CREATE OR REPLACE FUNCTION wix_installation_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    at timestamptz := NEW.updated_at;
    was_installing boolean := TG_OP = 'UPDATE' AND OLD.fallback_reason IS NOT DISTINCT FROM 'installing';
    last_event text;
BEGIN
    IF NEW.fallback_reason IS NOT DISTINCT FROM 'installing' OR was_installing THEN
        -- What the app last heard about this instance: a failed exchange was announced with its fallback, and an
        -- install after it (which writes a new write-ahead first) restores the refresh token rather than installs.
        SELECT event_type INTO last_event FROM wix_notification_outbox
         WHERE instance_id = NEW.instance_id ORDER BY id DESC LIMIT 1;
    END IF;
    IF NEW.fallback_reason IS NOT DISTINCT FROM 'installing' THEN
        IF was_installing AND OLD.last_error_code IS NOT DISTINCT FROM 'exchange_pending'
           AND NEW.last_error_code IS DISTINCT FROM 'exchange_pending' AND NEW.status = 'installed'
           AND last_event IS DISTINCT FROM 'installation.fallback' THEN
            PERFORM wix_notification_enqueue('installation.installed', NEW.instance_id, at,
                jsonb_build_object('strategy', NEW.strategy, 'has_refresh_token', NEW.refresh_token_ciphertext IS NOT NULL));
            PERFORM wix_notification_enqueue('installation.fallback', NEW.instance_id, at,
                jsonb_build_object('reason', NEW.fallback_reason, 'error_code', NEW.last_error_code, 'strategy', NEW.strategy));
        END IF;
        RETURN NULL;
    END IF;
    IF was_installing THEN
        -- Resolved: completed, or taken back to removed (which was never announced as installed).
        IF NEW.status = 'installed' AND last_event IS NOT DISTINCT FROM 'installation.fallback' THEN
            PERFORM wix_notification_enqueue('installation.refresh_restored', NEW.instance_id, at,
                jsonb_build_object('strategy', NEW.strategy, 'previous_reason', OLD.fallback_reason));
        ELSIF NEW.status = 'installed' THEN
            PERFORM wix_notification_enqueue('installation.installed', NEW.instance_id, at,
                jsonb_build_object('strategy', NEW.strategy, 'has_refresh_token', NEW.refresh_token_ciphertext IS NOT NULL));
        END IF;
        RETURN NULL;
    END IF;
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

-- The trigger reads the instance's last event on every write-ahead step.
CREATE INDEX wix_notification_outbox_instance ON wix_notification_outbox (instance_id, id);
