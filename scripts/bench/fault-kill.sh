#!/usr/bin/env bash
# Fault test of the message path: SIGKILL message-service mid-load, restart it, audit the acked messages.
# Needs the project up (./chat up with the same CHAT_* variables as here) and ../shared/bench with node_modules.
#   CHAT_PORT_BASE=21080 CHAT_STATE_DIR=.chat/dev RATE=300 DOWN=10 scripts/bench/fault-kill.sh
# Prints the load generator's JSON: acked messages lost / duplicated / out of order, latency during recovery.
# Takes SECS (default 60) seconds plus set-up (about a minute for 300 users).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_DIR=${BENCH_DIR:-$ROOT/../shared/bench}
STATE_DIR=${CHAT_STATE_DIR:-.chat}
[[ $STATE_DIR = /* ]] || STATE_DIR="$ROOT/$STATE_DIR"
URL=${URL:-http://127.0.0.1:${CHAT_PORT_BASE:-8080}}
SECS=${SECS:-60} RATE=${RATE:-300} CONNS=${CONNS:-300} DOWN=${DOWN:-10} KILL_AFTER=${KILL_AFTER:-15}
out=$(mktemp "${TMPDIR:-/tmp}/fault-message-service.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/fault-up.XXXXXX")

node "$BENCH_DIR/load.mjs" --url "$URL" --conns "$CONNS" --rooms $((CONNS / 10)) --rate "$RATE" --secs "$SECS" \
  --procs 2 > "$out" 2>&1 &
LOAD=$!
# The load starts sending once its users are set up; the generator logs nothing before, so wait for the
# first stored message in the service's metrics.
metric() { curl -sf "http://127.0.0.1:$(( ${CHAT_PORT_BASE:-8080} + 3 ))/q/metrics" | awk '/^chat_messages_stored_total/{print int($2)}'; }
for _ in $(seq 1 600); do [[ $(metric || echo 0) -gt 0 ]] && break; sleep 0.5; done
sleep "$KILL_AFTER"
pid=$(cat "$STATE_DIR/pids/message.pid" 2>/dev/null || cat "$STATE_DIR/pids/message-service.pid")
kill -9 "$pid"; echo "killed message-service ($pid) at $(date -u +%T)"
sleep "$DOWN"
(cd "$ROOT" && ./chat up --no-build > "$log" 2>&1) || { echo "restart failed, see $log"; }
echo "restarted at $(date -u +%T): $(tail -1 "$log")"
wait $LOAD || true
tail -1 "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k:d.get(k) for k in ["sent","acked","ackFailed","expected","delivered","lost","duplicates","outOfOrder","p50","p95","p99","max"]}))'
