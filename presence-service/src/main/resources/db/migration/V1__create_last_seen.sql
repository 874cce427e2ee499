-- When each user's last socket went away. Online state itself lives in Redis (socket sets), not here.
CREATE TABLE last_seen (
    user_id   uuid        PRIMARY KEY,
    last_seen timestamptz NOT NULL
);
