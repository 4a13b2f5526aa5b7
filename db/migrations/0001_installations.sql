-- One row per Wix site (instance) the app has been installed on. The refresh token is stored only as
-- Data Protection ciphertext bound to the instance ID; row_version makes every token write a compare-and-swap.
CREATE TABLE wix_installations (
    instance_id              text        PRIMARY KEY,
    status                   text        NOT NULL CHECK (status IN ('installed', 'removed')),
    strategy                 text        NOT NULL,
    refresh_token_ciphertext text        NULL,
    installed_at             timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    last_refresh_at          timestamptz NULL,
    last_fallback_at         timestamptz NULL,
    fallback_reason          text        NULL CHECK (fallback_reason IN ('missing', 'revoked', 'undecryptable')),
    last_error_code          text        NULL,
    row_version              bigint      NOT NULL DEFAULT 1
);
