-- Rooms and their members. Other contexts' ids (users) are plain UUIDs: no cross-schema keys.
CREATE TABLE rooms (
    id          uuid         PRIMARY KEY,
    name        varchar(80)  NOT NULL,
    description varchar(500),
    is_private  boolean      NOT NULL,
    is_direct   boolean      NOT NULL DEFAULT false,
    created_by  uuid         NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    -- "<smaller user id>:<larger user id>" for direct rooms: the unique key makes concurrent opens converge.
    direct_key  varchar(73)  UNIQUE,
    CONSTRAINT rooms_direct_shape CHECK (NOT is_direct OR (is_private AND direct_key IS NOT NULL))
);

CREATE TABLE room_members (
    room_id   uuid        NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id   uuid        NOT NULL,
    role      varchar(10) NOT NULL CHECK (role IN ('owner', 'member')),
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

-- "Rooms of a user" (GET /api/rooms, the gateway's membership checks); the primary key serves "members of a room".
CREATE INDEX room_members_user_idx ON room_members (user_id, room_id);
-- At most one owner per room.
CREATE UNIQUE INDEX room_members_one_owner_idx ON room_members (room_id) WHERE role = 'owner';
-- Discovery lists public rooms by name.
CREATE INDEX rooms_public_name_idx ON rooms (lower(name)) WHERE NOT is_private AND NOT is_direct;
