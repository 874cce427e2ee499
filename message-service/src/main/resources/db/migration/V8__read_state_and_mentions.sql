-- Read state and mentions (docs/conversation.md, "Read state"). Every message gets its position in its room, seq
-- (1, 2, 3, ... without gaps, assigned by the room's partition reader), so a user's unread count is the room's last
-- seq minus the seq they have read, less the deleted messages after it: no scan of the room's history.
ALTER TABLE messages ADD COLUMN seq bigint;

UPDATE messages m
SET seq = numbered.seq
FROM (SELECT id, row_number() OVER (PARTITION BY room_id ORDER BY id) AS seq FROM messages) numbered
WHERE m.id = numbered.id;

-- The last seq given out in each room (the next message gets last_seq + 1).
CREATE TABLE room_sequences (
    room_id  uuid PRIMARY KEY,
    last_seq bigint NOT NULL
);

INSERT INTO room_sequences (room_id, last_seq)
SELECT room_id, max(seq) FROM messages GROUP BY room_id;

-- Per user and room, the newest message they have read; it only moves forward.
CREATE TABLE read_markers (
    user_id       uuid   NOT NULL,
    room_id       uuid   NOT NULL,
    last_read_id  uuid   NOT NULL,
    last_read_seq bigint NOT NULL,
    PRIMARY KEY (user_id, room_id)
);

-- Who each message mentions (resolved at send); gone with its message. A user's mention count in a room is the
-- count of these after their marker: (user_id, room_id, seq) answers it from the index.
CREATE TABLE mentions (
    message_id uuid   NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id    uuid   NOT NULL,
    room_id    uuid   NOT NULL,
    seq        bigint NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

CREATE INDEX mentions_user_room_seq_idx ON mentions (user_id, room_id, seq);

-- The positions of deleted messages, so an unread count does not count them. Kept by a trigger, so every way a
-- message is deleted (REST, the command path, a deleted room) is covered.
CREATE TABLE deleted_seqs (
    room_id uuid   NOT NULL,
    seq     bigint NOT NULL,
    PRIMARY KEY (room_id, seq)
);

CREATE FUNCTION remember_deleted_seqs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A deleted room's rows are not remembered: its read state goes with it.
    INSERT INTO message.deleted_seqs (room_id, seq)
    SELECT gone.room_id, gone.seq
    FROM gone
    WHERE gone.seq IS NOT NULL
      AND EXISTS (SELECT 1 FROM message.room_sequences r WHERE r.room_id = gone.room_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_remember_deleted_seqs
    AFTER DELETE ON messages
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION remember_deleted_seqs();
