-- Authorization codes are redeemed at most once (RFC 6749 section 4.1.2): the handshake claims the code's hash
-- here before sending it to Wix; a second claimer (double submit, replay) is refused. Only a hash is kept.
CREATE TABLE wix_redeemed_codes (
    code_hash   bytea       PRIMARY KEY,
    instance_id text        NOT NULL,
    redeemed_at timestamptz NOT NULL
);

CREATE INDEX wix_redeemed_codes_redeemed_at ON wix_redeemed_codes (redeemed_at);
