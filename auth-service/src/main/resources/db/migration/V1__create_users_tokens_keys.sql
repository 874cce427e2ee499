-- Users: names and emails are unique case-insensitively; the text_pattern_ops index also serves prefix search.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      varchar(50)  NOT NULL,
    email         varchar(254) NOT NULL,
    password_hash varchar(100) NOT NULL,
    avatar_url    varchar(2048),
    is_admin      boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username) text_pattern_ops);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Refresh tokens: only the SHA-256 of the token is stored. Tokens rotated from one login share a family;
-- presenting a used token revokes the family.
CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash char(64)    NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Access-token signing keys, shared by restarts and replicas. At most one row is active: replicas that start
-- together race on this index and all adopt the winner's key.
CREATE TABLE signing_keys (
    kid         varchar(100) PRIMARY KEY,
    private_key text         NOT NULL,
    public_key  text         NOT NULL,
    active      boolean      NOT NULL,
    created_at  timestamptz  NOT NULL
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (active) WHERE active;
