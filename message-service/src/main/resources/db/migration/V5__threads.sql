-- Threads (docs/conversation.md): a reply names its thread's root; replies to replies attach to the root, so
-- threads are one level deep. No foreign key: deleting a root leaves its replies (and the thread page) reachable.
ALTER TABLE messages
    ADD COLUMN parent_id     uuid,
    ADD COLUMN reply_count   integer NOT NULL DEFAULT 0,
    ADD COLUMN last_reply_at timestamptz;

-- Thread pages (oldest first after a cursor) and the exact recount of a root's replies.
CREATE INDEX messages_parent_id_idx ON messages (parent_id, id) WHERE parent_id IS NOT NULL;
