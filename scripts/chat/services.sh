# shellcheck shell=bash
# ./chat, services part: ports, start/stop/readiness of the five services; up, down, status, logs, doctor.
# Sourced by ./chat (never run on its own); uses the settings and helpers of common.sh.

# ------------------------------------------------------------------------------------------- services
svc_short() { printf '%s\n' "${1%-service}"; }
# Extra instances (./chat up --gateways N, --message-replicas N) are named gateway-service-2..N and
# message-service-2..N and run their module's jar.
svc_module() { case "$1" in gateway-service-[0-9]* | message-service-[0-9]*) echo "${1%-*}" ;; *) echo "$1" ;; esac; }
extra_instances() { # the extra instances of a module (gateway-service, message-service) that have a pid file
  local f
  for f in "$STATE_DIR/pids/$1"-[0-9]*.pid; do [[ -f "$f" ]] && basename "$f" .pid; done
  return 0
}
svc_port() {
  case "$1" in
    gateway-service-[0-9]*) echo $((PORT_BASE + 3 + ${1##*-})) ;; # -2 -> base+5: after the five services
    message-service-[0-9]*) echo $((PORT_BASE + 20 + ${1##*-})) ;; # -2 -> base+22: after nine gateways
    gateway-service) echo $((PORT_BASE + 0)) ;;
    auth-service) echo $((PORT_BASE + 1)) ;;
    room-service) echo $((PORT_BASE + 2)) ;;
    message-service) echo $((PORT_BASE + 3)) ;;
    presence-service) echo $((PORT_BASE + 4)) ;;
    *) return 1 ;;
  esac
}
# health, metrics and OpenAPI: the Quarkus management interface, never the public port
svc_management_port() { local p; p="$(svc_port "$1")" || return 1; echo $((p + MANAGEMENT_OFFSET)); }
svc_env_port_name() { local s; s="$(svc_short "$1")"; printf '%s_PORT\n' "${s^^}"; }
svc_jar() { printf '%s/%s/target/quarkus-app/quarkus-run.jar\n' "$ROOT" "$(svc_module "$1")"; }
normalize_svc() {
  local s="$1"
  for x in "${SERVICES[@]}"; do
    if [[ "$s" == "$x" || "$s-service" == "$x" ]]; then echo "$x"; return 0; fi
  done
  return 1
}

pid_file() { printf '%s/pids/%s.pid\n' "$STATE_DIR" "$1"; }
log_file() { printf '%s/logs/%s.log\n' "$STATE_DIR" "$1"; }

# pid of a running service we started (empty if none); checks the process still is our java
svc_pid() {
  local f p
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  p="$(cat "$f" 2>/dev/null)"
  [[ "$p" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$p" 2>/dev/null || return 1
  if [[ -r "/proc/$p/cmdline" ]] && ! tr '\0' ' ' <"/proc/$p/cmdline" | grep -q "$(svc_module "$1")/target/quarkus-app/quarkus-run.jar"; then
    return 1
  fi
  echo "$p"
}


# ------------------------------------------------------------------------------------------ up / down
service_env() { # prints the environment every service gets
  local s
  printf 'DB_URL=jdbc:postgresql://%s:%s/%s\n' "$DB_HOST" "$DB_PORT" "$DB_NAME"
  printf 'DB_USER=%s\nDB_PASSWORD=%s\n' "$DB_USER" "$DB_PASSWORD"
  printf 'REDIS_URL=%s\n' "$(redis_url)"
  [[ "$REDIS_CLUSTER" == 1 ]] && printf 'QUARKUS_REDIS_CLIENT_TYPE=cluster\n'
  printf 'CHAT_STREAMS_PREFIX=%s\n' "$STREAM_PREFIX"
  for s in "${SERVICES[@]}"; do
    printf '%s=%s\n' "$(svc_env_port_name "$s")" "$(svc_port "$s")"
    printf '%s_URL=http://127.0.0.1:%s\n' "$(svc_short "$s" | tr '[:lower:]' '[:upper:]')" "$(svc_port "$s")"
  done
  printf 'SPA_DIR=%s\n' "$ROOT/frontend/dist"
  printf 'AUTH_COOKIE_SECURE=false\n'
}

# With CHAT_AOT=1 and JDK 25+: a service whose cache (STATE_DIR/aot/<service>.aot) is newer than its jar starts with it
# (classes loaded and linked, and the method profiles of the training run: start-up in about half the time, and JIT
# compilation from the first requests). Otherwise this run is the training run: the JVM writes the cache when it stops
# gracefully (./chat down: the JVM assembles it then, which takes seconds); a SIGKILL writes nothing.
aot_opts() {
  local svc="$1" jar="$2" cache
  [[ "$AOT" == 1 ]] || return 0
  if ((JAVA_MAJOR < 25)); then warn "CHAT_AOT=1 needs JDK 25 or newer (found $JAVA_MAJOR): starting $svc without"; return 0; fi
  cache="$STATE_DIR/aot/$svc.aot"
  mkdir -p "$STATE_DIR/aot"
  if [[ -f "$cache" && "$cache" -nt "$jar" ]]; then printf -- '-XX:AOTCache=%s\n' "$cache"
  else printf -- '-XX:AOTCacheOutput=%s\n' "$cache"; fi
}

start_service() {
  local svc="$1" jar port log pid
  jar="$(svc_jar "$svc")"; port="$(svc_port "$svc")"; log="$(log_file "$svc")"
  if pid="$(svc_pid "$svc")"; then ok "$svc already running (pid $pid)"; return 0; fi
  [[ -f "$jar" ]] || { err "$svc is not built: $jar missing (run './chat up' without --no-build, or './mvnw -B -ntp -DskipTests install')"; return 1; }
  if port_open 127.0.0.1 "$port"; then err "port $port for $svc is already in use by another process (see './chat status'; set CHAT_PORT_BASE to move)"; return 1; fi
  if port_open 127.0.0.1 "$(svc_management_port "$svc")"; then err "management port $(svc_management_port "$svc") for $svc is already in use (set CHAT_PORT_BASE or CHAT_MANAGEMENT_OFFSET to move)"; return 1; fi
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/pids"
  info "starting $svc on :$port (log $log)"
  local -a envs
  mapfile -t envs < <(service_env)
  # each service connects as its own role (ensure_db_roles); later entries win over service_env's
  case "$(svc_module "$svc")" in
    auth-service | room-service | message-service | presence-service)
      envs+=("DB_USER=$DB_ROLE_PREFIX$(svc_short "$(svc_module "$svc")")" "DB_PASSWORD=$(db_role_password)") ;;
  esac
  # and as its own Redis ACL user (ensure_redis_users)
  local -a redis_env
  mapfile -t redis_env < <(redis_user_env "$(svc_short "$(svc_module "$svc")")")
  envs+=("${redis_env[@]}")
  # QUARKUS_HTTP_PORT / QUARKUS_MANAGEMENT_PORT pin the ports whatever the properties' env names are;
  # two malloc arenas instead of one per thread keep each JVM's native memory (RSS) down
  # shellcheck disable=SC2086
  nohup env "${envs[@]}" "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}" "QUARKUS_HTTP_PORT=$port" "QUARKUS_MANAGEMENT_PORT=$(svc_management_port "$svc")" "$JAVA_BIN" $JAVA_OPTS_DEFAULT $(aot_opts "$svc" "$jar") -jar "$jar" >"$log" 2>&1 </dev/null &
  echo "$!" >"$(pid_file "$svc")"
}

wait_ready() {
  local svc="$1" port url deadline pid code
  port="$(svc_port "$svc")"; url="http://127.0.0.1:$(svc_management_port "$svc")/q/health/ready"
  deadline=$((SECONDS + READY_TIMEOUT))
  # The pid just written, alive or not: not svc_pid, whose command-line check fails in the moment between the
  # background fork and its exec of nohup/java (seen on a loaded machine: a service "exited" with an empty log).
  pid="$(cat "$(pid_file "$svc")" 2>/dev/null)"
  while ((SECONDS < deadline)); do
    if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
      err "$svc exited during start-up; last lines of $(log_file "$svc"):"
      tail -n 40 "$(log_file "$svc")" >&2
      return 1
    fi
    code="$(http_status "$url")"
    if [[ "$code" == 200 ]]; then ok "$svc ready on :$port (pid $pid)"; return 0; fi
    sleep 1
  done
  err "$svc not ready after ${READY_TIMEOUT}s ($url answered '${code:-nothing}'); last lines of $(log_file "$svc"):"
  tail -n 40 "$(log_file "$svc")" >&2
  return 1
}

check_built() { # every service has its quarkus-run.jar
  local s missing=()
  for s in "${SERVICES[@]}"; do [[ -f "$(svc_jar "$s")" ]] || missing+=("$s"); done
  if ((${#missing[@]})); then
    err "not built yet: ${missing[*]} (no quarkus-run.jar under <svc>/target/quarkus-app)."
    err "build with './mvnw -B -ntp -DskipTests install' (or './chat up' without --no-build) once the services have sources."
    return 1
  fi
}

cmd_up() {
  local build=1 gateways=1 replicas=1 a
  while (($#)); do
    a="$1"; shift
    case "$a" in
      --no-build) build=0 ;;
      --gateways) gateways="${1:-}"; shift ;;
      --gateways=*) gateways="${a#--gateways=}" ;;
      --message-replicas) replicas="${1:-}"; shift ;;
      --message-replicas=*) replicas="${a#--message-replicas=}" ;;
      *) die "unknown option for up: $a" ;;
    esac
  done
  [[ "$gateways" =~ ^[1-9]$ ]] || die "--gateways takes a number from 1 to 9"
  [[ "$replicas" =~ ^[1-9]$ ]] || die "--message-replicas takes a number from 1 to 9"
  find_jdk || exit 1
  ok "JDK $JAVA_MAJOR at $JAVA_HOME"
  if [[ -f frontend/package.json ]] && [[ "$build" == 1 ]] && frontend_stale; then check_node || exit 1; fi
  command -v curl >/dev/null 2>&1 || die "curl not found (needed to check /q/health/ready): apt-get install curl"
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/pids"
  if [[ "$build" == 0 ]]; then check_built || exit 1; fi
  ensure_stores || exit 1
  ensure_database || exit 1
  ensure_redis_users
  if [[ "$build" == 1 ]]; then
    build_backend || exit 1
    build_frontend || exit 1
  fi
  check_built || exit 1
  local s
  # auth first (the others fetch its JWKS), then room/message/presence together, then the gateway
  if ! { start_service auth-service && wait_ready auth-service; }; then up_failed; exit 1; fi
  for s in room-service message-service presence-service; do start_service "$s" || { up_failed; exit 1; }; done
  for s in room-service message-service presence-service; do wait_ready "$s" || { up_failed; exit 1; }; done
  # More message-service replicas: they share the command partitions (docs/adr, PartitionedStreamConsumer).
  local i
  for ((i = 2; i <= replicas; i++)); do
    if ! { start_service "message-service-$i" && wait_ready "message-service-$i"; }; then up_failed; exit 1; fi
  done
  if ! { start_service gateway-service && wait_ready gateway-service; }; then up_failed; exit 1; fi
  # More gateway instances on the next ports, sharing the stores: to try cross-instance fan-out and presence.
  for ((i = 2; i <= gateways; i++)); do
    if ! { start_service "gateway-service-$i" && wait_ready "gateway-service-$i"; }; then up_failed; exit 1; fi
  done
  echo "Teamchat is running at http://localhost:$PORT_BASE"
  for ((i = 2; i <= gateways; i++)); do
    echo "gateway $i: http://localhost:$(svc_port "gateway-service-$i")"
  done
  for ((i = 2; i <= replicas; i++)); do
    echo "message-service replica $i: port $(svc_port "message-service-$i")"
  done
}
up_failed() {
  err "start-up failed; stopping what was started (logs kept in $STATE_DIR/logs)"
  stop_services
}

stop_services() {
  local s p f _ wait_s
  for s in $(extra_instances gateway-service) gateway-service presence-service $(extra_instances message-service) \
    message-service room-service auth-service; do
    f="$(pid_file "$s")"
    [[ -f "$f" ]] || continue
    if p="$(svc_pid "$s")"; then
      info "stopping $s (pid $p)"
      kill -TERM "$p" 2>/dev/null
      # a training run (CHAT_AOT=1) assembles its cache on the way out
      wait_s=20; [[ "$AOT" == 1 ]] && wait_s=90
      for _ in $(seq 1 $((wait_s * 10))); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$p" 2>/dev/null; then warn "$s did not stop in $wait_s s: SIGKILL"; kill -KILL "$p" 2>/dev/null; fi
    fi
    rm -f "$f"
  done
}
cmd_down() {
  case "${1:-}" in
    --services-only) stop_services ;;
    "") stop_services; stop_stores ;;
    *) die "unknown option for down: $1" ;;
  esac
  ok "stopped ($STATE_DIR)"
}

cmd_status() {
  local s p code any=0
  printf '%-18s %-8s %-6s %s\n' SERVICE PID PORT READY
  for s in "${SERVICES[@]}" $(extra_instances message-service) $(extra_instances gateway-service); do
    if p="$(svc_pid "$s")"; then
      any=1
      code="$(http_status "http://127.0.0.1:$(svc_management_port "$s")/q/health/ready")"
      if [[ "$code" == 200 ]]; then code=yes; else code="no (${code:-no answer})"; fi
    else
      p='-'; code='stopped'
    fi
    printf '%-18s %-8s %-6s %s\n' "$s" "$p" "$(svc_port "$s")" "$code"
  done
  if load_stores; then
    local pgp rp
    pgp="$(sed -n 's/^PG_PRIVATE=//p' "$(STORES_FILE)")"; rp="$(sed -n 's/^REDIS_PRIVATE=//p' "$(STORES_FILE)")"
    printf 'postgres  %s:%s%s  %s\n' "$DB_HOST" "$DB_PORT" "$([[ "$pgp" == 1 ]] && echo ' (private)')" "$(pg_ready "$DB_HOST" "$DB_PORT" && echo up || echo down)"
    if [[ "$REDIS_CLUSTER" == 1 ]]; then
      printf 'redis     cluster %s (private)  %s\n' "$(redis_url)" "$(redis_ready "$REDIS_HOST" "$REDIS_PORT" && echo up || echo down)"
    else
      printf 'redis     %s:%s%s  %s\n' "$REDIS_HOST" "$REDIS_PORT" "$([[ "$rp" == 1 ]] && echo ' (private)')" "$(redis_ready "$REDIS_HOST" "$REDIS_PORT" && echo up || echo down)"
    fi
  fi
  printf 'state dir %s, database %s, stream prefix %s\n' "$STATE_DIR" "$DB_NAME" "$STREAM_PREFIX"
  [[ "$any" == 1 ]] && printf 'gateway   http://localhost:%s\n' "$PORT_BASE"
  return 0
}

cmd_logs() {
  local svc="${1:-}" f
  [[ -n "$svc" ]] || die "usage: ./chat logs <svc> [-f]   (svc: ${SERVICES[*]}, postgres, redis)"
  case "$svc" in
    postgres | redis) f="$STATE_DIR/logs/$svc.log" ;;
    *) svc="$(normalize_svc "$svc")" || die "unknown service '$1' (one of: ${SERVICES[*]})"; f="$(log_file "$svc")" ;;
  esac
  [[ -f "$f" ]] || die "no log yet: $f"
  if [[ "${2:-}" == "-f" ]]; then tail -n 100 -f "$f"; else tail -n "${CHAT_LOG_LINES:-100}" "$f"; fi
}

cmd_doctor() {
  local rc=0
  if find_jdk; then ok "JDK $JAVA_MAJOR at $JAVA_HOME"; else rc=1; fi
  if check_node; then ok "node $(node --version), npm $(npm --version)"; else rc=1; fi
  if pg_ready "$DB_HOST" "$DB_PORT"; then ok "PostgreSQL reachable at $DB_HOST:$DB_PORT"
  elif pg_bin initdb >/dev/null && pg_bin pg_ctl >/dev/null; then warn "PostgreSQL not reachable at $DB_HOST:$DB_PORT; 'up' would start a private one from $(pg_bin initdb)"
  elif docker_engine; then warn "PostgreSQL not reachable at $DB_HOST:$DB_PORT; 'up' would use docker compose"
  else err "PostgreSQL not reachable at $DB_HOST:$DB_PORT and nothing to start one with"; rc=1; fi
  if redis_ready "$REDIS_HOST" "$REDIS_PORT"; then ok "Redis reachable at $REDIS_HOST:$REDIS_PORT"
  elif command -v redis-server >/dev/null 2>&1; then warn "Redis not reachable at $REDIS_HOST:$REDIS_PORT; 'up' would start a private redis-server"
  elif docker_engine; then warn "Redis not reachable at $REDIS_HOST:$REDIS_PORT; 'up' would use docker compose"
  else err "Redis not reachable at $REDIS_HOST:$REDIS_PORT and nothing to start one with"; rc=1; fi
  local s
  for s in "${SERVICES[@]}"; do
    if [[ -f "$(svc_jar "$s")" ]]; then ok "$s built"; else warn "$s not built yet"; fi
  done
  return "$rc"
}

