#!/usr/bin/env bash
# A real 3-node Redis Cluster from the installed redis-server, for running the Redis tests (or the system) against
# Redis Cluster instead of one Redis. Masters only, slots split evenly; data in a temp dir (CLUSTER_DIR).
#   scripts/redis-cluster.sh start     # ports CLUSTER_PORTS (default 30101 30102 30103), prints the node list
#   scripts/redis-cluster.sh test [maven args...]
#                                      # start, run the Redis tests against it (CLUSTER_TESTS), stop and remove it
#   scripts/redis-cluster.sh stop      # stops the nodes it started and removes their data
#   scripts/redis-cluster.sh urls      # the node list as the services and tests take it (redis://host:port,...)
# ./chat test runs `test` as its part "cluster"; ./chat up runs on it with REDIS_CLUSTER=1 (docs/operations.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a PORTS <<<"${CLUSTER_PORTS:-30101 30102 30103}"
DIR=${CLUSTER_DIR:-${TMPDIR:-/tmp}/teamchat-redis-cluster-${PORTS[0]}}
# Every test of a Redis use, run against the cluster (docs/testing.md, "Redis Cluster"): the partitioned command
# path and the connector, the ACL users, presence, rate limits and socket slots, the sign-in throttle, the
# membership cache, leases, read-your-writes markers and the typing pub/sub channel.
CLUSTER_MODULES=${CLUSTER_MODULES:-libs/redis-streams-connector,message-service,presence-service,room-service,gateway-service,auth-service}
CLUSTER_TESTS=${CLUSTER_TESTS:-PartitionedStreamConsumerTest,RedisStreamsConnectorTest,BatchingAppenderTest,RedisAclTest,SendCommandTest,EditDeleteTest,RateLimitTest,RoomAccessTest,ReplicaReadsTest,SocketRegistryTest,PresenceTest,AwayAndStatusTest,GatewaySweepTest,ActiveUsersTest,MembershipCacheTest,TypingTest,SocketLimitsTest,RoomDeletedTest}

urls() { printf 'redis://127.0.0.1:%s,' "${PORTS[@]}" | sed 's/,$//'; }
answers() { [[ "$(redis-cli -p "$1" ping 2>/dev/null)" == PONG ]]; }
cluster_ok() { redis-cli -p "$1" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; }

start() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null ||
    { echo "redis-cluster.sh: redis-server and redis-cli are needed (apt-get install redis-server)" >&2; return 1; }
  mkdir -p "$DIR"
  local port _
  for port in "${PORTS[@]}"; do
    answers "$port" && continue # already up (a previous start of this dir)
    mkdir -p "$DIR/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$DIR/$port/nodes.conf" \
      --cluster-node-timeout 2000 --appendonly no --save '' --dir "$DIR/$port" --daemonize yes \
      --pidfile "$DIR/$port/redis.pid" --logfile "$DIR/$port/redis.log"
  done
  for port in "${PORTS[@]}"; do
    for _ in $(seq 1 50); do answers "$port" && break; sleep 0.1; done
    answers "$port" || { echo "redis-cluster.sh: node $port did not start (log $DIR/$port/redis.log)" >&2; return 1; }
  done
  if ! cluster_ok "${PORTS[0]}"; then
    # shellcheck disable=SC2046  # one argument per node
    redis-cli --cluster create $(printf '127.0.0.1:%s ' "${PORTS[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
  fi
  # every node must know the whole slot map before a client asks any of them
  for port in "${PORTS[@]}"; do
    for _ in $(seq 1 100); do cluster_ok "$port" && break; sleep 0.1; done
    cluster_ok "$port" || { echo "redis-cluster.sh: node $port never reached cluster_state:ok" >&2; return 1; }
  done
  echo "redis cluster up: $(urls)"
}

stop() {
  local port pid _
  for port in "${PORTS[@]}"; do
    [[ -f "$DIR/$port/redis.pid" ]] || continue
    pid="$(cat "$DIR/$port/redis.pid")"
    # only a redis-server we started (its pid file in our dir)
    if [[ "$pid" =~ ^[0-9]+$ ]] && grep -q redis "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
  rm -rf "$DIR"
  echo "redis cluster stopped"
}

run_tests() {
  start
  trap stop EXIT
  export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  TEST_REDIS_URL="$(urls)" TEST_REDIS_CLIENT_TYPE=cluster \
    "$ROOT/mvnw" -B -ntp test -pl "$CLUSTER_MODULES" -am \
    -Dtest="$CLUSTER_TESTS" -Dsurefire.failIfNoSpecifiedTests=false "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  urls) urls; echo ;;
  test) shift; run_tests "$@" ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac
