# shellcheck shell=bash
# ./chat, test part: ./chat test and its parts (maven, cluster, frontend, ops, e2e), counted from the runners' reports.
# Sourced by ./chat (never run on its own); uses the settings and helpers of common.sh.

# Debian's chromium for the browser tests (the test tools' own browser downloads cannot work here)
ensure_chromium() {
  local b
  for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null 2>&1; then CHROMIUM_BIN="$(command -v "$b")"; export CHROMIUM_BIN; return 0; fi
  done
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    info "installing Debian chromium (apt-get install -y chromium)"
    mkdir -p "$STATE_DIR/logs"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"${STATE_DIR}/logs/apt-chromium.log" 2>&1 ||
      { err "apt-get install chromium failed (see $STATE_DIR/logs/apt-chromium.log)"; return 1; }
    CHROMIUM_BIN="$(command -v chromium)"; export CHROMIUM_BIN; return 0
  fi
  err "chromium not found: install it (Debian: 'apt-get install chromium') for the browser tests"
  return 1
}

# ----------------------------------------------------------------------------------------------- test
T_PASS=0; T_FAIL=0; T_SKIP=0
declare -a T_PARTS=()
part_result() { # name status detail
  T_PARTS+=("$(printf '%-9s %-6s %s' "$1" "$2" "$3")")
}
# The counts come from the runners' own reports, never from their console text: JUnit XML (Surefire, and node's
# junit reporter) read by JUnitCounts.java with the JDK's XML parser, Vitest's JSON report read by node.
count_junit() { # file-or-dir... -> sets J_PASS J_FAIL J_SKIP
  J_PASS=0; J_FAIL=0; J_SKIP=0
  if [[ -z "${JAVA_BIN:-}" ]] && ! find_jdk >/dev/null 2>&1; then
    err "no JDK 21+ to read the JUnit reports $*"; J_FAIL=1; return 1
  fi
  local counts
  counts="$("$JAVA_BIN" "$ROOT/scripts/chat/JUnitCounts.java" "$@")" || { J_FAIL=1; return 1; }
  read -r J_PASS J_FAIL J_SKIP <<<"$counts"
}
count_vitest() { # vitest-json-report -> sets VT_PASS VT_FAIL VT_SKIP
  local counts
  counts="$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests);' "$1" 2>/dev/null)" || counts="0 0 0"
  read -r VT_PASS VT_FAIL VT_SKIP <<<"$counts"
}
has_npm_script() { (cd "$1" && node -e "process.exit(require('./package.json').scripts?.['$2'] ? 0 : 1)") 2>/dev/null; }

TEST_LOGS=""
test_maven() {
  info "[maven] ./mvnw -B -ntp -fae install (every @QuarkusTest against real PostgreSQL/Redis)"
  # A failing test does not stop the build: every module is still packaged, so the end-to-end part runs and
  # reports too; failures are counted from the Surefire reports below.
  if ! find_jdk; then T_FAIL=$((T_FAIL + 1)); part_result maven FAIL "no JDK 21+"; return 1; fi
  find "$ROOT" -path '*/node_modules' -prune -o -type d -path '*/target/surefire-reports' -print0 2>/dev/null | xargs -0 rm -rf
  local rc
  ./mvnw -B -ntp -fae -Dmaven.test.failure.ignore=true install 2>&1 | tee "$TEST_LOGS/maven.log"
  rc="${PIPESTATUS[0]}"
  local -a report_dirs
  mapfile -t report_dirs < <(find "$ROOT" -path '*/node_modules' -prune -o -type d -path '*/target/surefire-reports' -print 2>/dev/null)
  count_junit "${report_dirs[@]}"
  SF_PASS="$J_PASS"; SF_FAIL="$J_FAIL"; SF_SKIP="$J_SKIP"
  T_PASS=$((T_PASS + SF_PASS)); T_FAIL=$((T_FAIL + SF_FAIL)); T_SKIP=$((T_SKIP + SF_SKIP))
  if [[ "$rc" != 0 ]] || ((SF_FAIL > 0)); then
    # a failure that is not a failing test (compile error, enforcer, formatting) still counts once
    if ((SF_FAIL == 0)); then T_FAIL=$((T_FAIL + 1)); fi
    part_result maven FAIL "$SF_PASS passed, $SF_FAIL failed, $SF_SKIP skipped; build exit $rc (log $TEST_LOGS/maven.log)"
    return 1
  fi
  part_result maven ok "$SF_PASS passed, $SF_FAIL failed, $SF_SKIP skipped"
}

# The Redis tests again, against a real 3-node Redis Cluster from the installed redis-server: scripts/redis-cluster.sh
# starts it on the first free ports from 30111 (CHAT_TEST_CLUSTER_PORTS to choose), runs its CLUSTER_TESTS with
# TEST_REDIS_URL/TEST_REDIS_CLIENT_TYPE=cluster, and stops and removes it whatever happened. After the maven part it
# reuses the compiled classes. This run's Surefire reports are moved out of the modules' target, so nothing counts twice.
test_cluster() {
  info "[cluster] the Redis tests against a 3-node Redis Cluster (scripts/redis-cluster.sh test)"
  if ! find_jdk; then T_FAIL=$((T_FAIL + 1)); part_result cluster FAIL "no JDK 21+"; return 1; fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    T_FAIL=$((T_FAIL + 1)); part_result cluster FAIL "redis-server/redis-cli not installed (apt-get install redis-server)"; return 1
  fi
  local ports="${CHAT_TEST_CLUSTER_PORTS:-}" port=30111 reports="$TEST_LOGS/cluster-reports" marker="$TEST_LOGS/cluster.started" rc f
  if [[ -z "$ports" ]]; then
    for _ in 1 2 3; do port="$(free_port "$port")"; ports="$ports $port"; port=$((port + 1)); done
  fi
  rm -rf "$reports"; mkdir -p "$reports"; touch "$marker"
  CLUSTER_PORTS="${ports# }" CLUSTER_DIR="$STATE_DIR/test-redis-cluster" JAVA_HOME="$JAVA_HOME" \
    "$ROOT/scripts/redis-cluster.sh" test -fae -Dmaven.test.failure.ignore=true 2>&1 | tee "$TEST_LOGS/cluster.log"
  rc="${PIPESTATUS[0]}"
  while IFS= read -r -d '' f; do mv "$f" "$reports/"; done < <(
    find "$ROOT" -path '*/node_modules' -prune -o -path '*/target/surefire-reports/TEST-*.xml' -newer "$marker" -print0)
  count_junit "$reports"
  T_PASS=$((T_PASS + J_PASS)); T_FAIL=$((T_FAIL + J_FAIL)); T_SKIP=$((T_SKIP + J_SKIP))
  if [[ "$rc" != 0 ]] || ((J_FAIL > 0)) || ((J_PASS == 0)); then
    if ((J_FAIL == 0)); then T_FAIL=$((T_FAIL + 1)); fi
    part_result cluster FAIL "$J_PASS passed, $J_FAIL failed, $J_SKIP skipped; exit $rc (log $TEST_LOGS/cluster.log)"
    return 1
  fi
  part_result cluster ok "$J_PASS passed, $J_FAIL failed, $J_SKIP skipped"
}

test_frontend() {
  info "[frontend] npm ci, typecheck, test, lint, format:check"
  if [[ ! -f frontend/package.json ]]; then part_result frontend skip "no frontend/package.json yet"; return 0; fi
  if ! check_node; then T_FAIL=$((T_FAIL + 1)); part_result frontend FAIL "no Node.js ${NODE_MIN}+"; return 1; fi
  if ! (cd frontend && npm ci --no-audit --no-fund); then T_FAIL=$((T_FAIL + 1)); part_result frontend FAIL "npm ci failed"; return 1; fi
  local failed=() step rc=0 retried=0 attempts=""
  for step in typecheck lint format:check; do
    if has_npm_script frontend "$step"; then
      (cd frontend && npm run --silent "$step") || { failed+=("$step"); T_FAIL=$((T_FAIL + 1)); }
    fi
  done
  VT_PASS=0; VT_FAIL=0; VT_SKIP=0
  if has_npm_script frontend test; then
    # the default reporter for the console, the JSON report for the counts
    (cd frontend && CI=true npm test -- --reporter=default --reporter=json --outputFile.json="$TEST_LOGS/frontend-test.json" 2>&1) |
      tee "$TEST_LOGS/frontend-test.log"
    rc="${PIPESTATUS[0]}"
    count_vitest "$TEST_LOGS/frontend-test.json"
    # a test that passed only on its retry (vite.config.ts) still shows in the summary
    retried="$(grep -c '\[failed attempt\]' "$TEST_LOGS/frontend-test.log" || true)"
    T_PASS=$((T_PASS + VT_PASS)); T_FAIL=$((T_FAIL + VT_FAIL)); T_SKIP=$((T_SKIP + VT_SKIP))
    if [[ "$rc" != 0 ]]; then
      failed+=("test")
      if ((VT_FAIL == 0)); then T_FAIL=$((T_FAIL + 1)); fi
    fi
  fi
  if has_npm_script frontend build; then
    (cd frontend && npm run --silent build) || { failed+=("build"); T_FAIL=$((T_FAIL + 1)); }
  fi
  ((retried > 0)) && attempts="; $retried failed attempt(s), see [failed attempt] in $TEST_LOGS/frontend-test.log"
  if ((${#failed[@]})); then
    part_result frontend FAIL "$VT_PASS passed, $VT_FAIL failed; failed steps: ${failed[*]}$attempts"
    return 1
  fi
  part_result frontend ok "$VT_PASS passed, $VT_FAIL failed$attempts"
}

node_tests() { # name dir glob... : runs node --test, spec to the console, JUnit XML to a file, adds the counts
  local name="$1" dir="$2"; shift 2
  local report="$TEST_LOGS/$name.junit.xml" rc
  # the globs ($@) are expanded inside $dir
  (
    cd "$dir" || exit 1
    local -a files=()
    local g
    for g in "$@"; do for f in $g; do [[ -f "$f" ]] && files+=("$f"); done; done
    ((${#files[@]})) || { err "no test files matching $* in $dir"; exit 1; }
    # NODE_TEST_CONCURRENCY (node's default: one file per core but one) set to 1 runs the files one after the other
    node --test ${NODE_TEST_CONCURRENCY:+--test-concurrency="$NODE_TEST_CONCURRENCY"} \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=junit --test-reporter-destination="$report" "${files[@]}"
  )
  rc=$?
  if [[ -f "$report" ]]; then count_junit "$report"; else J_PASS=0; J_FAIL=0; J_SKIP=0; fi
  T_PASS=$((T_PASS + J_PASS)); T_FAIL=$((T_FAIL + J_FAIL)); T_SKIP=$((T_SKIP + J_SKIP))
  if [[ "$rc" != 0 ]] && ((J_FAIL == 0)); then T_FAIL=$((T_FAIL + 1)); fi
  NODE_DETAIL="$J_PASS passed, $J_FAIL failed, $J_SKIP skipped"
  return "$rc"
}

e2e_deps() {
  check_node || return 1
  npm_ci_if_needed "$ROOT/e2e" || { err "npm ci failed in e2e/"; return 1; }
}

test_ops() {
  info "[ops] docker-compose.yml, k8s kustomize base/overlay, Helm chart, ./chat script"
  if ! e2e_deps; then T_FAIL=$((T_FAIL + 1)); part_result ops FAIL "e2e/ dependencies"; return 1; fi
  if node_tests ops "$ROOT/e2e" 'test/ops/*.test.mjs'; then part_result ops ok "$NODE_DETAIL"
  else part_result ops FAIL "$NODE_DETAIL"; return 1; fi
}

# The official Java client across the two gateways of the running e2e system: gateway-service's
# TwoGatewaysJavaClientE2E (no Surefire include matches it, so the Maven build never runs it), from the compiled
# test classes (./mvnw install, with or without -DskipTests). Its report is moved out of the module's target.
java_client_tests() {
  local xml="$ROOT/gateway-service/target/surefire-reports/TEST-io.teamchat.gateway.e2e.TwoGatewaysJavaClientE2E.xml"
  local report="$TEST_LOGS/java-client.junit.xml" rc
  rm -f "$xml" "$report"
  ./mvnw -B -ntp -pl gateway-service surefire:test -Dtest=TwoGatewaysJavaClientE2E \
    -Dsurefire.failIfNoSpecifiedTests=false >"$TEST_LOGS/java-client.log" 2>&1
  rc=$?
  # the log stays in the state directory, which CI does not keep: a failure's assertion and stack go to the output
  if [[ "$rc" != 0 ]]; then
    err "[e2e] the Java client tests failed; their failures (full log: $TEST_LOGS/java-client.log):"
    if grep -E -q '<<< (FAILURE|ERROR)!' "$TEST_LOGS/java-client.log"; then
      grep -E -A25 '<<< (FAILURE|ERROR)!' "$TEST_LOGS/java-client.log" | head -n 200
    else
      tail -n 60 "$TEST_LOGS/java-client.log"
    fi
  fi
  if [[ -f "$xml" ]]; then mv "$xml" "$report"; count_junit "$report"; else J_PASS=0; J_FAIL=0; J_SKIP=0; fi
  T_PASS=$((T_PASS + J_PASS)); T_FAIL=$((T_FAIL + J_FAIL)); T_SKIP=$((T_SKIP + J_SKIP))
  if [[ "$rc" != 0 ]] && ((J_FAIL == 0)); then T_FAIL=$((T_FAIL + 1)); fi
  NODE_DETAIL="$J_PASS passed, $J_FAIL failed (log $TEST_LOGS/java-client.log)"
  return "$rc"
}

test_e2e() {
  info "[e2e] isolated system on ports 18080-18085 (two gateways), socket.io-client + REST through the gateway, the SPA in headless Chromium"
  if ! e2e_deps; then T_FAIL=$((T_FAIL + 1)); part_result e2e FAIL "e2e/ dependencies"; return 1; fi
  local rnd rc browser=1
  local -a globs=('test/e2e/*.test.mjs')
  # the browser tests drive Debian's chromium (installed with apt when missing and possible)
  if ensure_chromium; then
    globs+=('test/browser/*.test.mjs')
  else
    browser=0
    err "[e2e] the browser tests cannot run without chromium; running the socket tests only"
  fi
  rnd="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  (
    export CHAT_STATE_DIR="$ROOT/.chat/e2e" CHAT_PORT_BASE="${CHAT_E2E_PORT_BASE:-18080}"
    export CHAT_DB_NAME="chat_e2e_$rnd" CHAT_STREAM_PREFIX="e2e$rnd:" CHAT_REDIS_USER_PREFIX="e2e$rnd-"
    # the tests register ~60 users from one address within a minute: the sign-in limit per address (30 a minute,
    # docs/security.md) is for attackers, not for this run; its own tests are auth-service's RateLimitTest
    export AUTH_RATE_LIMIT_PER_ADDRESS="${AUTH_RATE_LIMIT_PER_ADDRESS:-100000}"
    # shellcheck disable=SC2317  # invoked by the trap below
    e2e_cleanup() {
      info "[e2e] cleanup: stopping the isolated system, dropping $CHAT_DB_NAME"
      "$SELF" down --services-only >/dev/null 2>&1
      "$SELF" _e2e-purge || warn "could not drop $CHAT_DB_NAME / delete ${CHAT_STREAM_PREFIX}* keys"
      "$SELF" down >/dev/null 2>&1
    }
    trap e2e_cleanup EXIT
    # two gateways: the socket tests cross instances and SIGKILL the second (e2e/test/e2e/two-gateways.test.mjs)
    "$SELF" up --no-build --gateways 2 || { err "[e2e] could not start the isolated system"; exit 90; }
    export GATEWAY_URL="http://127.0.0.1:$CHAT_PORT_BASE" E2E_RESTART_FILE="$CHAT_STATE_DIR/restart-state.json"
    export GATEWAY2_URL="http://127.0.0.1:$((CHAT_PORT_BASE + 5))" # svc_port of gateway-service-2
    # the services' management ports (health, metrics), gateway first, as svc_port orders them
    export E2E_MANAGEMENT_PORT_BASE="$((CHAT_PORT_BASE + MANAGEMENT_OFFSET))"
    rm -f "$E2E_RESTART_FILE"
    # one file at a time: they share this one system, and some stop or kill a gateway under the others
    # (app.test.mjs restarts gateway 1, two-gateways.test.mjs SIGKILLs gateway 2); with more cores node would
    # run several files at once
    export NODE_TEST_CONCURRENCY=1
    node_tests e2e "$ROOT/e2e" "${globs[@]}" 'test/restart/before-restart.test.mjs'
    rc=$?
    local detail="$NODE_DETAIL"
    # Acknowledged messages must survive a restart of every service (PostgreSQL and Redis keep running).
    info "[e2e] restarting every service, then checking what was acknowledged before"
    if "$SELF" down --services-only && "$SELF" up --no-build --gateways 2; then
      node_tests e2e-restart "$ROOT/e2e" 'test/restart/after-restart.test.mjs' || rc=1
      detail="$detail; after restart: $NODE_DETAIL"
      # the Java client across both gateways (it SIGKILLs the second one at the end)
      java_client_tests || rc=1
      detail="$detail; Java client: $NODE_DETAIL"
    else
      err "[e2e] the system did not come back after the restart"
      T_FAIL=$((T_FAIL + 1)); rc=1; detail="$detail; restart FAILED"
    fi
    printf '%s\n%s\n' "$detail" "$T_PASS $T_FAIL $T_SKIP" >"$TEST_LOGS/e2e.result"
    exit "$rc"
  )
  rc=$?
  if [[ -f "$TEST_LOGS/e2e.result" ]]; then
    NODE_DETAIL="$(sed -n 1p "$TEST_LOGS/e2e.result")"
    read -r T_PASS T_FAIL T_SKIP < <(sed -n 2p "$TEST_LOGS/e2e.result")
  else
    T_FAIL=$((T_FAIL + 1)); NODE_DETAIL="system did not start (logs in $ROOT/.chat/e2e/logs)"
  fi
  if [[ "$browser" == 0 ]]; then
    # a missing browser is a failure, not a skip: the SPA was not tested
    T_FAIL=$((T_FAIL + 1)); rc=1
    NODE_DETAIL="$NODE_DETAIL; browser tests NOT run: chromium missing (install it: ./chat chromium)"
  fi
  if [[ "$rc" == 0 ]]; then part_result e2e ok "$NODE_DETAIL"; else part_result e2e FAIL "$NODE_DETAIL"; return 1; fi
}

# internal: drops the isolated e2e database and deletes its Redis keys (only chat_e2e_* databases)
cmd_e2e_purge() {
  [[ "$DB_NAME" == chat_e2e_* ]] || die "_e2e-purge only drops chat_e2e_* databases (CHAT_DB_NAME=$DB_NAME)"
  load_stores || return 0
  drop_database "$DB_NAME" || return 1
  if command -v redis-cli >/dev/null 2>&1 && [[ -n "$STREAM_PREFIX" && "$STREAM_PREFIX" != chat: ]]; then
    # each node its own keys; on a cluster one DEL may name keys of one slot only
    local port per_del=100
    [[ "$REDIS_CLUSTER" == 1 ]] && per_del=1
    while read -r port; do
      redis-cli -h "$REDIS_HOST" -p "$port" --scan --pattern "${STREAM_PREFIX}*" </dev/null |
        xargs -r -n "$per_del" redis-cli -h "$REDIS_HOST" -p "$port" del >/dev/null
    done < <(redis_ports)
  fi
  [[ "$REDIS_USER_PREFIX" == e2e* ]] && drop_redis_users
  return 0
}

cmd_test() {
  local parts=("$@") p rc=0
  ((${#parts[@]})) || parts=(maven cluster frontend ops e2e)
  for p in "${parts[@]}"; do
    case "$p" in maven | cluster | frontend | ops | e2e) ;; *) die "unknown test part '$p' (maven, cluster, frontend, ops, e2e)" ;; esac
  done
  TEST_LOGS="$STATE_DIR/test-logs"
  rm -rf "$TEST_LOGS"; mkdir -p "$TEST_LOGS" "$STATE_DIR/logs"
  for p in "${parts[@]}"; do
    "test_$p" || rc=1
  done
  echo
  echo "==== test summary ===="
  for p in "${T_PARTS[@]}"; do echo "$p"; done
  ((T_SKIP)) && echo "(skipped: $T_SKIP)"
  echo "tests: $T_PASS passed, $T_FAIL failed"
  return "$rc"
}

