# shellcheck shell=bash
# ./chat, common part: settings from the environment, output, ports, the JDK and Node.js checks.
# Sourced by ./chat after it set SELF and ROOT; the other scripts/chat/*.sh use what is defined here.

abs_path() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

STATE_DIR="$(abs_path "${CHAT_STATE_DIR:-$ROOT/.chat}")"
PORT_BASE="${CHAT_PORT_BASE:-8080}"
MANAGEMENT_OFFSET="${CHAT_MANAGEMENT_OFFSET:-1000}"
DB_NAME="${CHAT_DB_NAME:-chat}"
STREAM_PREFIX="${CHAT_STREAM_PREFIX:-chat:}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${DB_USER:-postgres}"
DB_PASSWORD="${DB_PASSWORD:-}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_CLUSTER="${REDIS_CLUSTER:-0}"
REDIS_CLUSTER_PORTS="${REDIS_CLUSTER_PORTS:-30101 30102 30103}"
READY_TIMEOUT="${CHAT_READY_TIMEOUT:-120}"
# 256 MiB heaps carry the message-path benchmark (docs/benchmarks.md, "Memory"); the serial collector suits 2 cores
JAVA_OPTS_DEFAULT="${CHAT_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
# CHAT_AOT=1: JDK 25 ahead-of-time caches per service (aot_opts in services.sh; docs/operations.md, "Start-up and warm-up")
AOT="${CHAT_AOT:-0}"
JVM_DIR="${CHAT_JVM_DIR:-/usr/lib/jvm}"

SERVICES=(auth-service room-service message-service presence-service gateway-service)

# ---------------------------------------------------------------------------------------------- output
if [[ -t 1 ]]; then C_B=$'\e[1m'; C_R=$'\e[31m'; C_G=$'\e[32m'; C_Y=$'\e[33m'; C_0=$'\e[0m'
else C_B=''; C_R=''; C_G=''; C_Y=''; C_0=''; fi
info() { printf '%s==>%s %s\n' "$C_B" "$C_0" "$*"; }
ok()   { printf '%s ok%s %s\n' "$C_G" "$C_0" "$*"; }
warn() { printf '%swarn:%s %s\n' "$C_Y" "$C_0" "$*" >&2; }
err()  { printf '%serror:%s %s\n' "$C_R" "$C_0" "$*" >&2; }
die()  { err "$*"; exit 1; }


port_open() { # host port -> 0 if something accepts TCP connections
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
free_port() { # first port >= $1 nobody listens on
  local p="$1"
  while port_open 127.0.0.1 "$p"; do p=$((p + 1)); done
  echo "$p"
}
http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null || true; }

# ------------------------------------------------------------------------------------------------ JDK
java_major() { # path-to-java -> major version number (e.g. 17, 21, 25)
  local v
  v="$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
  [[ -n "$v" ]] || return 1
  if [[ "$v" == 1.* ]]; then v="${v#1.}"; fi
  v="${v%%[.+-]*}"
  [[ "$v" =~ ^[0-9]+$ ]] || return 1
  echo "$v"
}

# Sets JAVA_HOME/JAVA_BIN/JAVA_MAJOR to a JDK 21+, or fails with a message naming what to install.
find_jdk() {
  local cand m best="" best_m=0 d
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    m="$(java_major "$JAVA_HOME/bin/java")" || m=0
    if ((m >= 21)); then JAVA_BIN="$JAVA_HOME/bin/java"; JAVA_MAJOR="$m"; export JAVA_HOME; return 0; fi
  fi
  cand="$(command -v java 2>/dev/null || true)"
  if [[ -n "$cand" ]]; then
    m="$(java_major "$cand")" || m=0
    if ((m >= 21)); then
      JAVA_BIN="$(readlink -f "$cand")"; JAVA_MAJOR="$m"
      JAVA_HOME="$(dirname "$(dirname "$JAVA_BIN")")"; export JAVA_HOME; return 0
    fi
  fi
  for d in "$JVM_DIR"/*; do
    [[ -x "$d/bin/java" && ! -L "$d" ]] || continue
    m="$(java_major "$d/bin/java")" || continue
    if ((m > best_m)); then best_m="$m"; best="$d"; fi
  done
  if [[ -n "$best" ]] && ((best_m >= 21)); then
    JAVA_HOME="$best"; JAVA_BIN="$best/bin/java"; JAVA_MAJOR="$best_m"; export JAVA_HOME; return 0
  fi
  err "no JDK 21 or newer found (looked at JAVA_HOME='${JAVA_HOME:-}', java on PATH, $JVM_DIR/*)."
  err "install a JDK 21+ (Eclipse Temurin 21 or 25, or 'apt-get install openjdk-21-jdk' where the distribution has it) and/or set JAVA_HOME to it."
  return 1
}

# ----------------------------------------------------------------------------------------------- Node
NODE_MIN=20
check_node() { # -> 0 if node >= 20 and npm exist; prints the reason otherwise
  local v
  if ! command -v node >/dev/null 2>&1; then err "node not found: install Node.js ${NODE_MIN}+ (e.g. 'apt-get install nodejs npm')."; return 1; fi
  if ! command -v npm >/dev/null 2>&1; then err "npm not found: install npm (e.g. 'apt-get install npm')."; return 1; fi
  v="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)"
  if ! [[ "$v" =~ ^[0-9]+$ ]] || ((v < NODE_MIN)); then err "Node.js ${NODE_MIN}+ needed, found $(node --version 2>/dev/null)."; return 1; fi
  return 0
}

# npm ci in $1 unless node_modules is up to date with package-lock.json
npm_ci_if_needed() {
  local dir="$1"
  if [[ ! -d "$dir/node_modules" || ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    (cd "$dir" && npm ci --no-audit --no-fund) || return 1
  fi
}
