# shellcheck shell=bash
# ./chat, stores part: find PostgreSQL and Redis or start private ones, the database, stop them again.
# Sourced by ./chat (never run on its own); uses the settings and helpers of common.sh.

# --------------------------------------------------------------------------------- PostgreSQL / Redis
STORES_FILE() { printf '%s/stores.env\n' "$STATE_DIR"; }

pg_ready() { # host port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 3 >/dev/null 2>&1
  else
    port_open "$1" "$2"
  fi
}
redis_ready() { # host port; a Redis asking for a password (compose's, docs/security.md) answers too
  if command -v redis-cli >/dev/null 2>&1; then
    [[ "$(redis-cli -h "$1" -p "$2" ping 2>/dev/null)" =~ ^(PONG|NOAUTH) ]]
  else
    port_open "$1" "$2"
  fi
}
pg_bin() { # find a PostgreSQL server binary (initdb, pg_ctl) on PATH or under /usr/lib/postgresql/*/bin
  local b="$1" d
  if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    if [[ -x "$d/$b" ]]; then echo "$d/$b"; return 0; fi
  done
  return 1
}
# a container engine that answers, and the compose plugin (the docker CLI alone is not enough)
docker_engine() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; }

# run a command as the postgres OS user when we are root (initdb/postgres refuse to run as root)
as_pg_user() {
  if [[ "$(id -u)" == 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then err "running as root and no 'postgres' OS user to run a private PostgreSQL"; return 1; fi
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_private_pg() {
  local initdb pgctl port data="$STATE_DIR/pgdata"
  initdb="$(pg_bin initdb)" && pgctl="$(pg_bin pg_ctl)" || return 1
  port="$(free_port 55432)"
  mkdir -p "$data" "$STATE_DIR/logs"
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$data" "$STATE_DIR/logs" 2>/dev/null || true; fi
  chmod 700 "$data"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    info "initdb $data"
    as_pg_user "$initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$STATE_DIR/logs/initdb.log" 2>&1 ||
      { err "initdb failed:"; tail -n 20 "$STATE_DIR/logs/initdb.log" >&2; return 1; }
  fi
  info "starting private PostgreSQL on 127.0.0.1:$port (data $data)"
  touch "$STATE_DIR/logs/postgres.log"
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$STATE_DIR/logs/postgres.log"; fi
  as_pg_user "$pgctl" -D "$data" -l "$STATE_DIR/logs/postgres.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null ||
    { err "pg_ctl start failed:"; tail -n 20 "$STATE_DIR/logs/postgres.log" >&2; return 1; }
  DB_HOST=127.0.0.1; DB_PORT="$port"; PG_PRIVATE=1
}
stop_private_pg() {
  local pgctl data="$STATE_DIR/pgdata"
  [[ -f "$data/postmaster.pid" ]] || return 0
  pgctl="$(pg_bin pg_ctl)" || { warn "pg_ctl not found; private PostgreSQL left running"; return 0; }
  info "stopping private PostgreSQL"
  as_pg_user "$pgctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || warn "pg_ctl stop failed"
}
start_private_redis() {
  local bin port
  bin="$(command -v redis-server 2>/dev/null)" || return 1
  port="$(free_port 56379)"
  mkdir -p "$STATE_DIR/redis" "$STATE_DIR/pids" "$STATE_DIR/logs"
  info "starting private Redis on 127.0.0.1:$port"
  "$bin" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$STATE_DIR/redis" --pidfile "$STATE_DIR/pids/redis.pid" --logfile "$STATE_DIR/logs/redis.log" ||
    return 1
  local _
  for _ in $(seq 1 50); do redis_ready 127.0.0.1 "$port" && break; sleep 0.1; done
  redis_ready 127.0.0.1 "$port" || { err "private Redis did not answer"; return 1; }
  REDIS_HOST=127.0.0.1; REDIS_PORT="$port"; REDIS_PRIVATE=1
}
# Redis Cluster (REDIS_CLUSTER=1): three masters from the installed redis-server (scripts/redis-cluster.sh) on
# REDIS_CLUSTER_PORTS, data under the state dir; the services get every node in REDIS_URL and
# QUARKUS_REDIS_CLIENT_TYPE=cluster, and the ACL users are made on every node (docs/operations.md, "Redis Cluster").
redis_cluster() { CLUSTER_PORTS="$REDIS_CLUSTER_PORTS" CLUSTER_DIR="$STATE_DIR/redis-cluster" "$ROOT/scripts/redis-cluster.sh" "$@"; }
redis_ports() { # the port of every Redis node the services use: the cluster's, else the one Redis
  # shellcheck disable=SC2086  # one port per word
  if [[ "$REDIS_CLUSTER" == 1 ]]; then printf '%s\n' $REDIS_CLUSTER_PORTS; else printf '%s\n' "$REDIS_PORT"; fi
}
redis_url() { # REDIS_URL as the services take it (quarkus.redis.hosts: one URL, or every node of a cluster)
  local port sep=''
  while read -r port; do printf '%sredis://%s:%s' "$sep" "$REDIS_HOST" "$port"; sep=','; done < <(redis_ports)
  echo
}
start_redis_cluster() {
  command -v redis-server >/dev/null 2>&1 || { err "REDIS_CLUSTER=1 needs redis-server (apt-get install redis-server)"; return 1; }
  info "starting a private Redis Cluster on 127.0.0.1 ports $REDIS_CLUSTER_PORTS"
  redis_cluster start >"$STATE_DIR/logs/redis-cluster.log" 2>&1 ||
    { err "the Redis Cluster did not start:"; tail -n 20 "$STATE_DIR/logs/redis-cluster.log" >&2; return 1; }
  REDIS_HOST=127.0.0.1; REDIS_PORT="${REDIS_CLUSTER_PORTS%% *}"
}
stop_private_redis() {
  local f="$STATE_DIR/pids/redis.pid" p
  [[ -f "$f" ]] || return 0
  p="$(cat "$f")"
  if [[ "$p" =~ ^[0-9]+$ ]] && kill -0 "$p" 2>/dev/null && grep -q redis "/proc/$p/cmdline" 2>/dev/null; then
    info "stopping private Redis (pid $p)"
    kill "$p" 2>/dev/null
    local _; for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$f"
}

# Finds PostgreSQL and Redis, or starts them (private binaries, else docker compose). Writes stores.env.
ensure_stores() {
  PG_PRIVATE=0; REDIS_PRIVATE=0; COMPOSE_STORES=0
  mkdir -p "$STATE_DIR/pids" "$STATE_DIR/logs"
  # a previous `up` of this state dir may have started private (or compose) stores: reuse them
  if [[ -f "$(STORES_FILE)" ]]; then
    local prev_db_port prev_redis_port
    prev_db_port="$(sed -n 's/^DB_PORT=//p' "$(STORES_FILE)")"
    prev_redis_port="$(sed -n 's/^REDIS_PORT=//p' "$(STORES_FILE)")"
    if grep -q '^PG_PRIVATE=1' "$(STORES_FILE)" && pg_ready 127.0.0.1 "$prev_db_port"; then DB_HOST=127.0.0.1; DB_PORT="$prev_db_port"; PG_PRIVATE=1; fi
    if grep -q '^REDIS_PRIVATE=1' "$(STORES_FILE)" && redis_ready 127.0.0.1 "$prev_redis_port"; then REDIS_HOST=127.0.0.1; REDIS_PORT="$prev_redis_port"; REDIS_PRIVATE=1; fi
    if grep -q '^COMPOSE_STORES=1' "$(STORES_FILE)"; then COMPOSE_STORES=1; DB_PASSWORD="${DB_PASSWORD:-${POSTGRES_PASSWORD:-teamchat}}"; fi
    if grep -q '^REDIS_CLUSTER=1' "$(STORES_FILE)"; then REDIS_CLUSTER=1; REDIS_CLUSTER_PORTS="$(sed -n 's/^REDIS_CLUSTER_PORTS=//p' "$(STORES_FILE)")"; fi
  fi
  local force="${CHAT_PRIVATE_STORES:-0}"
  if [[ "$PG_PRIVATE" == 0 ]]; then
    if [[ "$force" != 1 ]] && pg_ready "$DB_HOST" "$DB_PORT"; then
      ok "PostgreSQL at $DB_HOST:$DB_PORT"
    elif pg_bin initdb >/dev/null && pg_bin pg_ctl >/dev/null; then
      start_private_pg || return 1
      ok "PostgreSQL (private) at $DB_HOST:$DB_PORT"
    elif docker_engine; then
      info "docker compose up -d postgres"; docker compose up -d postgres || return 1; COMPOSE_STORES=1
      DB_HOST=127.0.0.1; DB_PORT=5432; DB_PASSWORD="${DB_PASSWORD:-${POSTGRES_PASSWORD:-teamchat}}"
    else
      err "PostgreSQL is not reachable at $DB_HOST:$DB_PORT, no local server binaries (initdb, pg_ctl) to start one,"
      err "and no container engine answers 'docker info'. Install PostgreSQL (e.g. 'apt-get install postgresql'),"
      err "start it, or point DB_HOST/DB_PORT/DB_USER/DB_PASSWORD at a running server."
      return 1
    fi
  fi
  if [[ "$REDIS_CLUSTER" == 1 ]]; then
    start_redis_cluster || return 1
    ok "Redis Cluster (private) at $(redis_url)"
  elif [[ "$REDIS_PRIVATE" == 0 ]]; then
    if [[ "$force" != 1 ]] && redis_ready "$REDIS_HOST" "$REDIS_PORT"; then
      ok "Redis at $REDIS_HOST:$REDIS_PORT"
    elif command -v redis-server >/dev/null 2>&1; then
      start_private_redis || return 1
      ok "Redis (private) at $REDIS_HOST:$REDIS_PORT"
    elif docker_engine; then
      info "docker compose up -d redis"; docker compose up -d redis || return 1; COMPOSE_STORES=1
      REDIS_HOST=127.0.0.1; REDIS_PORT=6379
    else
      err "Redis is not reachable at $REDIS_HOST:$REDIS_PORT, no local redis-server to start one,"
      err "and no container engine answers 'docker info'. Install Redis 7 (e.g. 'apt-get install redis-server'),"
      err "start it, or point REDIS_HOST/REDIS_PORT at a running server."
      return 1
    fi
  fi
  if [[ "$COMPOSE_STORES" == 1 ]]; then
    local _
    for _ in $(seq 1 60); do pg_ready "$DB_HOST" "$DB_PORT" && redis_ready "$REDIS_HOST" "$REDIS_PORT" && break; sleep 1; done
    if ! { pg_ready "$DB_HOST" "$DB_PORT" && redis_ready "$REDIS_HOST" "$REDIS_PORT"; }; then err "compose stores did not come up"; return 1; fi
  fi
  cat >"$(STORES_FILE)" <<EOF
DB_HOST=$DB_HOST
DB_PORT=$DB_PORT
REDIS_HOST=$REDIS_HOST
REDIS_PORT=$REDIS_PORT
PG_PRIVATE=$PG_PRIVATE
REDIS_PRIVATE=$REDIS_PRIVATE
REDIS_CLUSTER=$REDIS_CLUSTER
REDIS_CLUSTER_PORTS=$REDIS_CLUSTER_PORTS
COMPOSE_STORES=$COMPOSE_STORES
EOF
}
load_stores() { # reads stores.env written by `up` (host/port actually used)
  [[ -f "$(STORES_FILE)" ]] || return 1
  DB_HOST="$(sed -n 's/^DB_HOST=//p' "$(STORES_FILE)")"
  DB_PORT="$(sed -n 's/^DB_PORT=//p' "$(STORES_FILE)")"
  REDIS_HOST="$(sed -n 's/^REDIS_HOST=//p' "$(STORES_FILE)")"
  REDIS_PORT="$(sed -n 's/^REDIS_PORT=//p' "$(STORES_FILE)")"
  if grep -q '^COMPOSE_STORES=1' "$(STORES_FILE)"; then DB_PASSWORD="${DB_PASSWORD:-${POSTGRES_PASSWORD:-teamchat}}"; fi
  if grep -q '^REDIS_CLUSTER=1' "$(STORES_FILE)"; then REDIS_CLUSTER=1; REDIS_CLUSTER_PORTS="$(sed -n 's/^REDIS_CLUSTER_PORTS=//p' "$(STORES_FILE)")"; fi
}

psql_q() { PGPASSWORD="$DB_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres "$@"; }
valid_db_name() { [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; }
ensure_database() {
  valid_db_name "$DB_NAME" || { err "CHAT_DB_NAME must match [A-Za-z_][A-Za-z0-9_]*"; return 1; }
  command -v psql >/dev/null 2>&1 || { err "psql not found (install postgresql-client) to create database $DB_NAME"; return 1; }
  if [[ "$(psql_q -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" 2>/dev/null)" != 1 ]]; then
    info "creating database $DB_NAME"
    psql_q -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null || { err "could not create database $DB_NAME on $DB_HOST:$DB_PORT"; return 1; }
  fi
  ok "database $DB_NAME"
  ensure_db_roles
}
# Per-service roles owning only their schema (k8s/base/db/roles.sql, docs/security.md). The services connect as
# $DB_ROLE_PREFIX<svc>, with CHAT_DB_ROLE_PASSWORD (default: DB_PASSWORD; empty on a trust server: none set).
DB_ROLE_PREFIX="${CHAT_DB_ROLE_PREFIX:-teamchat_}"
db_role_password() { printf '%s' "${CHAT_DB_ROLE_PASSWORD:-$DB_PASSWORD}"; }
ensure_db_roles() {
  local -a pw=() s
  if [[ -n "$(db_role_password)" ]]; then
    for s in auth room message presence; do pw+=(-v "${s}_password=$(db_role_password)"); done
  fi
  mkdir -p "$STATE_DIR/logs"
  PGPASSWORD="$DB_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" \
    -v "role_prefix=$DB_ROLE_PREFIX" "${pw[@]}" -f "$ROOT/k8s/base/db/roles.sql" >/dev/null 2>"$STATE_DIR/logs/db-roles.log" ||
    { err "could not create the service roles in $DB_NAME (see $STATE_DIR/logs/db-roles.log)"; return 1; }
  ok "service roles ${DB_ROLE_PREFIX}{auth,room,message,presence}"
}
# Per-service Redis ACL users (k8s/base/redis/acl.conf rendered by acl.sh, docs/security.md): each service connects as
# $REDIS_USER_PREFIX<svc> with a password made once per state dir (redis-users.env, mode 600). Redis' default user is
# left as it is: a Redis on loopback keeps its passwordless default for redis-cli, the tests and ./chat itself.
# CHAT_REDIS_ACL=0, no redis-cli or a Redis refusing ACL SETUSER (older than 7): the services use the default user.
# Instances on one Redis (CHAT_STREAM_PREFIX set apart, docs/testing.md) get their own users too: another instance's
# 'up' would otherwise reset these users' passwords and its 'down' delete them under the running services.
if [[ "$STREAM_PREFIX" == "chat:" ]]; then
  REDIS_USER_PREFIX="${CHAT_REDIS_USER_PREFIX:-teamchat-}"
else
  REDIS_USER_PREFIX="${CHAT_REDIS_USER_PREFIX:-teamchat-${STREAM_PREFIX//[^A-Za-z0-9]/}-}"
fi
REDIS_ACL_SERVICES=(auth room message presence gateway)
redis_users_file() { printf '%s/redis-users.env\n' "$STATE_DIR"; }
# compose's Redis has its default user behind REDIS_ADMIN_PASSWORD (docker-compose.yml); a local one has no password.
# On a cluster the command goes to every node (ACL users are per node).
redis_cli() {
  local port
  if [[ "$REDIS_CLUSTER" == 1 ]]; then
    while read -r port; do redis-cli -h "$REDIS_HOST" -p "$port" "$@" </dev/null; done < <(redis_ports)
  elif [[ "${COMPOSE_STORES:-0}" == 1 ]]; then
    REDISCLI_AUTH="${REDIS_ADMIN_PASSWORD:-teamchat}" redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"
  else
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"
  fi
}
redis_cli_input() { # redis_cli with the commands on stdin, given to every node of a cluster
  local input port
  if [[ "$REDIS_CLUSTER" == 1 ]]; then
    input="$(cat)"
    while read -r port; do redis-cli -h "$REDIS_HOST" -p "$port" <<<"$input"; done < <(redis_ports)
  else
    redis_cli
  fi
}
ensure_redis_users() {
  local f out s
  f="$(redis_users_file)"
  if [[ "${CHAT_REDIS_ACL:-1}" != 1 ]] || ! command -v redis-cli >/dev/null 2>&1; then
    rm -f "$f"
    warn "no Redis ACL users (CHAT_REDIS_ACL=0 or no redis-cli): the services use Redis' default user"
    return 0
  fi
  if [[ ! -f "$f" ]]; then
    (
      umask 077
      for s in "${REDIS_ACL_SERVICES[@]}"; do
        printf '%s_REDIS_PASSWORD=%s\n' "${s^^}" "$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
      done >"$f"
    )
  fi
  out="$(
    set -a
    # shellcheck disable=SC1090
    . "$f"
    CHAT_STREAMS_PREFIX="$STREAM_PREFIX" REDIS_USER_PREFIX="$REDIS_USER_PREFIX" sh "$ROOT/k8s/base/redis/acl.sh" commands |
      redis_cli_input 2>&1
  )"
  if [[ -z "$out" ]] || grep -qv '^OK$' <<<"$out"; then
    rm -f "$f"
    warn "could not create the Redis ACL users (${out:-no answer}); the services use Redis' default user"
    return 0
  fi
  ok "Redis users $REDIS_USER_PREFIX{$(IFS=,; echo "${REDIS_ACL_SERVICES[*]}")}"
}
# REDIS_USER / REDIS_PASSWORD of one service (short name), nothing when ensure_redis_users made no users
redis_user_env() {
  local f pw
  f="$(redis_users_file)"
  [[ -f "$f" ]] || return 0
  pw="$(sed -n "s/^${1^^}_REDIS_PASSWORD=//p" "$f")"
  [[ -n "$pw" ]] || return 0
  printf 'REDIS_USER=%s%s\nREDIS_PASSWORD=%s\n' "$REDIS_USER_PREFIX" "$1" "$pw"
}
drop_redis_users() {
  local s
  command -v redis-cli >/dev/null 2>&1 || return 0
  for s in "${REDIS_ACL_SERVICES[@]}"; do redis_cli ACL DELUSER "$REDIS_USER_PREFIX$s" >/dev/null 2>&1 || true; done
  rm -f "$(redis_users_file)"
}
drop_database() {
  valid_db_name "$1" || return 1
  psql_q -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}


stop_stores() {
  stop_private_redis
  if [[ -f "$(STORES_FILE)" ]] && grep -q '^REDIS_CLUSTER=1' "$(STORES_FILE)"; then
    info "stopping the private Redis Cluster"; redis_cluster stop >/dev/null 2>&1 || warn "could not stop the Redis Cluster"
  fi
  stop_private_pg
  if [[ -f "$(STORES_FILE)" ]] && grep -q '^COMPOSE_STORES=1' "$(STORES_FILE)" && docker_engine; then
    info "docker compose stop postgres redis"; docker compose stop postgres redis || true
  fi
  rm -f "$(STORES_FILE)"
}
