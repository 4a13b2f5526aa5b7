-- Removal is seen everywhere (issue 11, item 3). Every installation has a generation, bumped on every removal and
-- every (re)install: a token is cached together with the generation it was issued under, so a token from before a
-- removal is never served after a reinstall. Each change of generation (and each new row) is announced on the
-- channel wix_installation_changes, delivered at commit to every process LISTENing on the database, which then drops
-- that instance's cached token and status. The payload is '<generation>:<instance id>': no secret, no token.
-- generation_changed_at (the database's clock) lets a listener that lost its connection catch up on what it missed.
ALTER TABLE wix_installations ADD COLUMN generation bigint NOT NULL DEFAULT 1;
ALTER TABLE wix_installations ADD COLUMN generation_changed_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX wix_installations_generation_changed_at ON wix_installations (generation_changed_at);

-- A BEFORE trigger, so that every writer (webhook, handshake, operator command, import) bumps the generation when the
-- status changes, whether or not its SQL remembers to; writers that bump it themselves (an AppInstalled on an
-- installed row, a new handshake) are not bumped twice.
CREATE FUNCTION wix_installation_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.status IS DISTINCT FROM OLD.status AND NEW.generation = OLD.generation THEN
            NEW.generation := OLD.generation + 1;
        END IF;
        IF NEW.generation = OLD.generation THEN
            RETURN NEW;
        END IF;
    END IF;
    NEW.generation_changed_at := clock_timestamp();
    PERFORM pg_notify('wix_installation_changes', NEW.generation::text || ':' || NEW.instance_id);
    RETURN NEW;
END $$;

CREATE TRIGGER wix_installations_generation BEFORE INSERT OR UPDATE ON wix_installations
    FOR EACH ROW EXECUTE FUNCTION wix_installation_generation();
