-- The second-level token cache shared by every process on the database (issue 14): one row per instance, the access
-- token encrypted with Data Protection (purpose bound to the instance ID), with the generation it was issued under.
-- A row is served only while refresh_at (its expiry minus the skew) is ahead and its generation is the installation's.
CREATE TABLE wix_shared_tokens (
    instance_id       text        PRIMARY KEY,
    generation        bigint      NOT NULL,
    token_ciphertext  text        NOT NULL,
    strategy          text        NOT NULL,
    expires_at        timestamptz NOT NULL,
    refresh_at        timestamptz NOT NULL,
    written_at        timestamptz NOT NULL
);

-- Cross-process single flight without holding a connection while Wix answers: the process that inserts the claim asks
-- Wix; the others poll wix_shared_tokens until the token appears or the claim expires (a crashed winner blocks no one).
CREATE TABLE wix_token_claims (
    instance_id text        PRIMARY KEY,
    owner       uuid        NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- A removal or reinstall deletes the shared token in the same transaction (the generation check would refuse it
-- anyway; deleting leaves no ciphertext of a dead token behind).
CREATE OR REPLACE FUNCTION wix_installation_generation() RETURNS trigger
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
    DELETE FROM wix_shared_tokens WHERE instance_id = NEW.instance_id AND generation < NEW.generation;
    PERFORM pg_notify('wix_installation_changes', NEW.generation::text || ':' || NEW.instance_id);
    RETURN NEW;
END $$;
