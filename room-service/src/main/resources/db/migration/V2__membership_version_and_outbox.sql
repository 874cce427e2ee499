-- Grows with every committed membership change of a room (the update also serializes those changes per room);
-- the membership cache in Redis (libs/room-membership) keeps only the newest version of a room it was given.
ALTER TABLE rooms ADD COLUMN membership_version bigint NOT NULL DEFAULT 0;

-- Transactional outbox: each event is written in the transaction of the change it describes and relayed to the
-- events stream (and the room's snapshot to the membership cache) after commit; a row is deleted only once both
-- are out, so nothing committed goes unannounced when Redis or the process fails in between.
CREATE TABLE outbox (
    id         bigserial    PRIMARY KEY,
    room_id    uuid         NOT NULL,
    event_type varchar(40)  NOT NULL,
    payload    text         NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);
