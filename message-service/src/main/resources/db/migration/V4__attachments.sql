-- Uploaded files. The bytes live in the configured store (attachments/BlobStore) under the key id::text, an image's
-- thumbnail under id || '/thumbnail'; this row is what exists: no row, no download.
CREATE TABLE attachments (
    id            uuid PRIMARY KEY,
    room_id       uuid         NOT NULL,
    uploader_id   uuid         NOT NULL,
    name          varchar(255) NOT NULL,
    size          bigint       NOT NULL,
    -- detected from the bytes, never the client's claim
    content_type  varchar(255) NOT NULL,
    width         integer,
    height        integer,
    has_thumbnail boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL
);

CREATE INDEX attachments_room_id_idx ON attachments (room_id);
CREATE INDEX attachments_created_at_idx ON attachments (created_at);

-- A message carries at most one attachment, and an attachment belongs to at most one message.
ALTER TABLE messages ADD COLUMN attachment_id uuid REFERENCES attachments (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX messages_attachment_id_key ON messages (attachment_id) WHERE attachment_id IS NOT NULL;

-- The PostgreSQL store: each blob in fixed-size chunks (the last one shorter), read and written one chunk at a time.
CREATE TABLE attachment_chunks (
    blob_key text    NOT NULL,
    seq      integer NOT NULL,
    data     bytea   NOT NULL,
    PRIMARY KEY (blob_key, seq)
);
-- The chunks are already compressed formats mostly; do not try again.
ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Blobs to delete from the store, drained after commit by attachments/AttachmentCleanup (retried until done).
-- Rows are written in the same transaction as the deletion that makes them garbage, by the triggers below, and
-- before each upload (due later), so a crash between storing the bytes and committing the row leaves no orphan.
CREATE TABLE attachment_deletions (
    blob_key text        PRIMARY KEY,
    due_at   timestamptz NOT NULL
);
CREATE INDEX attachment_deletions_due_at_idx ON attachment_deletions (due_at);

-- Deleting an attachment row (message deleted, room deleted, upload abandoned) queues its blobs.
CREATE FUNCTION queue_attachment_blobs() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT -- this schema, whatever the caller's search_path
    AS $$
BEGIN
    INSERT INTO attachment_deletions (blob_key, due_at)
    VALUES (OLD.id::text, now()), (OLD.id::text || '/thumbnail', now())
    ON CONFLICT (blob_key) DO UPDATE SET due_at = excluded.due_at;
    RETURN OLD;
END
$$;
CREATE TRIGGER attachments_queue_blobs AFTER DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION queue_attachment_blobs();

-- Deleting a message deletes its attachment, whichever path deletes it (edit/delete, room.deleted).
CREATE FUNCTION delete_message_attachment() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT -- this schema, whatever the caller's search_path
    AS $$
BEGIN
    DELETE FROM attachments WHERE id = OLD.attachment_id;
    RETURN OLD;
END
$$;
CREATE TRIGGER messages_delete_attachment AFTER DELETE ON messages
    FOR EACH ROW WHEN (OLD.attachment_id IS NOT NULL) EXECUTE FUNCTION delete_message_attachment();
