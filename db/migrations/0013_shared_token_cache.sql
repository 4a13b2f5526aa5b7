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
-- anyway; deleting leaves no ciphertext of a dead token behind). Its own trigger, after the generation trigger of 0012
-- has set the new generation, so that function stays as it is.
CREATE FUNCTION wix_shared_token_drop() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM wix_shared_tokens WHERE instance_id = NEW.instance_id AND generation < NEW.generation;
    RETURN NULL;
END $$;

CREATE TRIGGER wix_installations_shared_token_drop_insert AFTER INSERT ON wix_installations
    FOR EACH ROW EXECUTE FUNCTION wix_shared_token_drop();

CREATE TRIGGER wix_installations_shared_token_drop_update AFTER UPDATE ON wix_installations
    FOR EACH ROW WHEN (NEW.generation <> OLD.generation) EXECUTE FUNCTION wix_shared_token_drop();
