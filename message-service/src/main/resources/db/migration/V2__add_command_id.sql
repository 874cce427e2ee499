-- The socket command that created a message: a redelivered command finds its message even without clientMsgId.
ALTER TABLE messages ADD COLUMN command_id uuid;

CREATE UNIQUE INDEX messages_command_id_key ON messages (command_id) WHERE command_id IS NOT NULL;
