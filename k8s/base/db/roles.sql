-- Per-service PostgreSQL roles (docs/security.md, "PostgreSQL"): the one source used by ./chat up, docker compose
-- and the Kubernetes Job db-roles. Run by a superuser (psql) in the chat database, before the services start; safe to
-- run again and by several isolated systems at once on one server (roles are cluster-wide, schemas per database).
--
--   psql -X -v ON_ERROR_STOP=1 -d chat -f roles.sql [-v role_prefix=teamchat_] [-v auth_password=...] ...
--
-- Each service gets the role <role_prefix><service> (LOGIN, nothing else) that owns its schema and everything in it,
-- and no right on any other schema; a password is set only when one is given (<service>_password).
\if :{?role_prefix}
\else
\set role_prefix teamchat_
\endif
SELECT set_config('teamchat.role_prefix', :'role_prefix', false) AS role_prefix_set \gset
\if :{?auth_password}
SELECT set_config('teamchat.password_auth', :'auth_password', false) AS password_set \gset
\endif
\if :{?room_password}
SELECT set_config('teamchat.password_room', :'room_password', false) AS password_set \gset
\endif
\if :{?message_password}
SELECT set_config('teamchat.password_message', :'message_password', false) AS password_set \gset
\endif
\if :{?presence_password}
SELECT set_config('teamchat.password_presence', :'presence_password', false) AS password_set \gset
\endif

-- message-service's search index needs pg_trgm; creating an extension is the superuser's job.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
-- Nobody but the owner creates objects in public (the default since PostgreSQL 15, stated for older servers).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DO $$
DECLARE
    prefix   text := current_setting('teamchat.role_prefix');
    svc      text;
    role     text;
    password text;
    obj      record;
BEGIN
    FOREACH svc IN ARRAY ARRAY['auth', 'room', 'message', 'presence'] LOOP
        role := prefix || svc;
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', role);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- it exists, or another bootstrap created it a moment ago
        END;
        password := nullif(current_setting('teamchat.password_' || svc, true), '');
        IF password IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I PASSWORD %L', role, password);
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role);
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, role);
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, role);
        -- A schema the superuser migrated before roles existed: its objects move to the service's role.
        FOR obj IN
            SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = svc AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND pg_get_userbyid(c.relowner) <> role
              AND NOT (c.relkind = 'S' AND EXISTS (
                  SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
        LOOP
            EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                CASE obj.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                 WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                svc, obj.relname, role);
        END LOOP;
        FOR obj IN
            SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = svc AND pg_get_userbyid(p.proowner) <> role
        LOOP
            EXECUTE format('ALTER ROUTINE %s OWNER TO %I', obj.signature, role);
        END LOOP;
    END LOOP;
END
$$;
