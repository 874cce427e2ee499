-- Messages of all rooms. Ids are UUIDv7 (time-ordered): id order is send order, so pages use id cursors.
CREATE TABLE messages (
    id            uuid PRIMARY KEY,
    room_id       uuid         NOT NULL,
    user_id       uuid         NOT NULL,
    content       text         NOT NULL,
    type          varchar(16)  NOT NULL,
    is_edited     boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    client_msg_id varchar(100),
    CONSTRAINT messages_type_check CHECK (type IN ('text', 'file', 'image', 'system'))
);

-- History pages: newest first within a room.
CREATE INDEX messages_room_id_idx ON messages (room_id, id DESC);

-- Idempotent sends: the same sender and clientMsgId always name the same message.
CREATE UNIQUE INDEX messages_sender_client_msg_id_key ON messages (user_id, client_msg_id)
    WHERE client_msg_id IS NOT NULL;
