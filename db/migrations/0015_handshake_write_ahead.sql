-- Handshake write-ahead (issue 11 item 6): the callback records the installation before it redeems the code, with
-- fallback_reason 'installing' and last_error_code 'exchange_pending'. A crash, a lost answer from Wix or a failed
-- exchange leaves it so (with the error code), served by client credentials; a completed install clears both.
ALTER TABLE wix_installations DROP CONSTRAINT wix_installations_fallback_reason_check;
ALTER TABLE wix_installations ADD CONSTRAINT wix_installations_fallback_reason_check
    CHECK (fallback_reason IN ('missing', 'revoked', 'undecryptable', 'refused', 'incident', 'installing'));

-- What the row was before the write-ahead, so that a callback whose instance Wix does not confirm (a swapped instance
-- ID, Token Info unreachable) can be taken back exactly: 'none' (the row is deleted), 'removed' (removed again), or
-- 'installing' (an earlier, genuine write-ahead: left as it was). Meaningless once the install completed.
ALTER TABLE wix_installations ADD COLUMN write_ahead_prior text NULL CHECK (write_ahead_prior IN ('none', 'removed', 'installing'));
