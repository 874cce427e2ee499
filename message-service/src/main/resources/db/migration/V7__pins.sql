-- Pins (docs/conversation.md): at most one per message, deleted with the message; listed per room, newest first.
CREATE TABLE pins (
    message_id uuid        PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    room_id    uuid        NOT NULL,
    pinned_by  uuid        NOT NULL,
    pinned_at  timestamptz NOT NULL
);

CREATE INDEX pins_room_id_idx ON pins (room_id, pinned_at DESC);
