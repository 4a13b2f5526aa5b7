-- Teams moving off legacy custom auth switch each installation to client credentials once Wix has confirmed that
-- client credentials work for it (issue 13). preferred_strategy NULL keeps the old order (refresh token first);
-- 'client_credentials' asks client credentials first, the refresh token staying encrypted as a fallback until
-- refresh_token_keep_until, then purged. migration_error keeps why the last switch attempt failed, for operators.
ALTER TABLE wix_installations ADD COLUMN preferred_strategy text NULL CHECK (preferred_strategy IN ('refresh_token', 'client_credentials'));
ALTER TABLE wix_installations ADD COLUMN migrated_at timestamptz NULL;
ALTER TABLE wix_installations ADD COLUMN refresh_token_keep_until timestamptz NULL;
ALTER TABLE wix_installations ADD COLUMN migration_error text NULL;

CREATE INDEX wix_installations_refresh_token_keep_until ON wix_installations (refresh_token_keep_until) WHERE refresh_token_keep_until IS NOT NULL;
