#!/usr/bin/env bash
# A real 3-node Redis Cluster from the installed redis-server, for running the message-path tests (or the
# system) against Redis Cluster instead of one Redis. Masters only, slots split evenly; data in a temp dir.
#   scripts/redis-cluster.sh start     # ports CLUSTER_PORTS (default 30101 30102 30103), prints the hosts
#   scripts/redis-cluster.sh test      # start, run the message-path tests against it, stop (always)
#   scripts/redis-cluster.sh stop      # stops the nodes it started and removes their data
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORTS=(${CLUSTER_PORTS:-30101 30102 30103})
DIR=${CLUSTER_DIR:-${TMPDIR:-/tmp}/teamchat-redis-cluster-${PORTS[0]}}

start() {
  mkdir -p "$DIR"
  for port in "${PORTS[@]}"; do
    mkdir -p "$DIR/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$DIR/$port/nodes.conf" \
      --cluster-node-timeout 2000 --appendonly no --save '' --dir "$DIR/$port" --daemonize yes \
      --pidfile "$DIR/$port/redis.pid" --logfile "$DIR/$port/redis.log"
  done
  for port in "${PORTS[@]}"; do
    for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  if ! redis-cli -p "${PORTS[0]}" cluster info | grep -q 'cluster_state:ok'; then
    redis-cli --cluster create $(printf '127.0.0.1:%s ' "${PORTS[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
  fi
  for _ in $(seq 1 100); do
    redis-cli -p "${PORTS[0]}" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1
  done
  echo "redis cluster up: $(printf 'redis://127.0.0.1:%s,' "${PORTS[@]}" | sed 's/,$//')"
}

stop() {
  for port in "${PORTS[@]}"; do
    if [[ -f "$DIR/$port/redis.pid" ]]; then
      kill "$(cat "$DIR/$port/redis.pid")" 2>/dev/null || true
    fi
  done
  sleep 0.5
  rm -rf "$DIR"
  echo "redis cluster stopped"
}

run_tests() {
  start
  trap stop EXIT
  export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  TEST_REDIS_URL="$(printf 'redis://127.0.0.1:%s,' "${PORTS[@]}" | sed 's/,$//')" TEST_REDIS_CLIENT_TYPE=cluster \
    "$ROOT/mvnw" -B -ntp test -pl libs/redis-streams-connector,message-service -am \
    -Dtest='PartitionedStreamConsumerTest,SendCommandTest' -Dsurefire.failIfNoSpecifiedTests=false
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  test) run_tests ;;
  *) sed -n '2,7p' "$0"; exit 2 ;;
esac
