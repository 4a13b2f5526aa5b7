-- A refresh token Wix refused (invalid_grant) is moved here instead of being deleted: a refusal can be Wix's mistake or
-- ours (a local Wix that forgot its sites, a wrong app secret), and a deleted refresh token can never be recovered. The
-- operator command lists these and restores the ones Wix accepts again; the retention service purges them after
-- WixAuth:Postgres:RevokedRefreshTokenRetention. Still Data Protection ciphertext bound to the instance ID.
CREATE TABLE wix_quarantined_refresh_tokens (
    instance_id              text        PRIMARY KEY,
    refresh_token_ciphertext text        NOT NULL,
    error_code               text        NULL,
    quarantined_at           timestamptz NOT NULL
);

CREATE INDEX wix_quarantined_refresh_tokens_quarantined_at ON wix_quarantined_refresh_tokens (quarantined_at);

-- A refresh token kept but not to be presented before this time: Wix refused it permanently with something other than
-- invalid_grant (invalid_client, a 400 without an error), or it was refused during a mass-refusal incident. Until then
-- the installation is served by client credentials without taking the refresh lease.
ALTER TABLE wix_installations ADD COLUMN refresh_retry_at timestamptz NULL;

-- 'refused': permanent refusal other than invalid_grant (refresh token kept, cooldown); 'incident': refused while many
-- installations were (refresh token kept, retried later).
ALTER TABLE wix_installations DROP CONSTRAINT wix_installations_fallback_reason_check;
ALTER TABLE wix_installations ADD CONSTRAINT wix_installations_fallback_reason_check
    CHECK (fallback_reason IN ('missing', 'revoked', 'undecryptable', 'refused', 'incident'));
