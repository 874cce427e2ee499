-- Refresh-token families end at a fixed time however often they are rotated (absolute lifetime); each token also
-- expires after the idle lifetime. Rows of older families end when their current token does.
ALTER TABLE refresh_tokens ADD COLUMN family_expires_at timestamptz;
UPDATE refresh_tokens SET family_expires_at = expires_at;
ALTER TABLE refresh_tokens ALTER COLUMN family_expires_at SET NOT NULL;

-- The successor of a just-rotated token, encrypted with a key derived from the rotated token itself (so only its
-- holder can read it): a second refresh with the same cookie inside the grace window gets the same successor
-- instead of being taken for theft. Cleared when the window ends.
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed bytea;

CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
CREATE INDEX refresh_tokens_sealed_idx ON refresh_tokens (used_at) WHERE successor_sealed IS NOT NULL;
