#!/usr/bin/env bash
# CPU per message of message-service at a fixed rate: runs ../shared/bench's load.mjs against a running project
# (./chat up with the same CHAT_* variables) and samples message-service's CPU and batch sizes while it runs.
#   CHAT_PORT_BASE=24080 CHAT_STATE_DIR=/work/state-msgpath RATE=400 scripts/bench/cpu-per-message.sh
# Prints the generator's JSON (lost, duplicates, out of order, latency) and the sampler's (scripts/bench/cpu-sampler.mjs),
# whose perCommand shows the CPU ms per message of every service, PostgreSQL and Redis.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_DIR=${BENCH_DIR:-$ROOT/../shared/bench}
STATE_DIR=${CHAT_STATE_DIR:-.chat}
[[ $STATE_DIR = /* ]] || STATE_DIR="$ROOT/$STATE_DIR"
BASE=${CHAT_PORT_BASE:-8080}
URL=${URL:-http://127.0.0.1:$BASE}
METRICS=${METRICS:-http://127.0.0.1:$((BASE + 3 + ${CHAT_MANAGEMENT_OFFSET:-1000}))/q/metrics}
RATE=${RATE:-400} CONNS=${CONNS:-1000} SECS=${SECS:-20}
pid=$(cat "$STATE_DIR/pids/message-service.pid")
# every other service of the system (and, in the sampler, postgres and redis-server): where a message's CPU goes
others=$(for f in "$STATE_DIR"/pids/*.pid; do n=$(basename "$f" .pid); [[ $n == message-service ]] || printf '%s=%s,' "$n" "$(cat "$f")"; done)
node "$ROOT/scripts/bench/cpu-sampler.mjs" --pid "$pid" --metrics "$METRICS" --others "${others%,}" > "$STATE_DIR/cpu-sample.json" &
SAMPLER=$!
node "$BENCH_DIR/load.mjs" --url "$URL" --conns "$CONNS" --rooms $((CONNS / 10)) --rate "$RATE" --secs "$SECS" --procs 2 \
  | tail -1 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k:d.get(k) for k in ["rate","connected","sent","acked","ackFailed","expected","delivered","lost","duplicates","outOfOrder","p50","p95","p99","max","errors"]}))'
sleep 2 # the backlog's last batches
kill -TERM "$SAMPLER"; wait "$SAMPLER" || true
cat "$STATE_DIR/cpu-sample.json"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
