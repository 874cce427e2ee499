-- Each user's custom status (text and emoji), set by the user; no row: no status.
CREATE TABLE user_status (
    user_id    uuid        PRIMARY KEY,
    text       varchar(100),
    emoji      varchar(64),
    updated_at timestamptz NOT NULL
);
