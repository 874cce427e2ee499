-- Security-relevant actions: who (actor), what (action), to whom (target), when, from where. Append-only: rows are
-- never changed or removed by the service, and a trigger refuses UPDATE and DELETE to anyone who tries.
CREATE TABLE audit_log (
    id        uuid PRIMARY KEY,
    at        timestamptz NOT NULL,
    action    varchar(64) NOT NULL,
    actor_id  uuid,
    target_id uuid,
    address   varchar(64),
    detail    varchar(500)
);
CREATE INDEX audit_log_target_idx ON audit_log (target_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- A disabled account cannot log in or refresh; its refresh tokens are revoked when it is disabled.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
