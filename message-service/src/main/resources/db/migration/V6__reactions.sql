-- Reactions (docs/conversation.md): one row per user, emoji and message, deleted with the message. The primary key
-- makes adding idempotent; views count them per message and emoji with one grouped query per page.
CREATE TABLE reactions (
    message_id uuid        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    emoji      text        NOT NULL,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);
