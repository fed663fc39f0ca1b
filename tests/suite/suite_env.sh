# Sourced by the tests that run the suite as deployed: deploy/local/run.sh
# itself, in a state directory and on free ports of their own, so the
# servers, Redis' users, configuration and flags are exactly what run.sh
# ships. Defines: ROOT, NGOAIVU_BUILD, STATE, CLI, the ports, and
#   step TEXT        log a step with the time
#   fail TEXT        end the test
#   suite_start LOG  deploy/local/run.sh --detach, its output in LOG
#   redis_admin ...  redis-cli as the operator's admin user
#   wait_quiet       until every consumer group has read and acknowledged
#                    everything and the key count has settled
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The build directory: the test's first argument (ctest), or NGOAIVU_BUILD.
export NGOAIVU_BUILD=${1:-${NGOAIVU_BUILD:-$ROOT/build}}
STATE=$(mktemp -d /tmp/ngoaivu-suite-XXXXXX)
export NGOAIVU_STATE_DIR=$STATE NGOAIVU_CONFIG=$STATE/cli.yaml
# The tests' webhook receivers listen on this host over plain http: an
# internal receiver, allowed explicitly as an operator would
# (notifications-server --webhook-allow, --webhook-allow-http).
export NGOAIVU_WEBHOOK_ALLOW=127.0.0.1/32 NGOAIVU_WEBHOOK_ALLOW_HTTP=true
# tests/run.sh built everything; several of these tests run at once, and
# none may start a build of its own in the shared build tree.
export NGOAIVU_NO_BUILD=1
CLI="$NGOAIVU_BUILD/bin/ngoaivu"

# Below the kernel's ephemeral range, so no test server listening on port 0
# (or client connection) running beside this one can take it first.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  local port
  while :; do
    port=$(shuf -i 10000-$((EPHEMERAL_LOW - 1)) -n 1)
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
export NGOAIVU_REDIS_PORT=$(free_port) NGOAIVU_REGISTRY_PORT=$(free_port)
export NGOAIVU_TASKS_PORT=$(free_port) NGOAIVU_DELEGATIONS_PORT=$(free_port)
export NGOAIVU_NOTIFICATIONS_PORT=$(free_port)
export NGOAIVU_GATEWAY_PORT=$(free_port) NGOAIVU_GATEWAY_METRICS_PORT=$(free_port)
export NGOAIVU_REGISTRY_METRICS_PORT=$(free_port) NGOAIVU_TASKS_METRICS_PORT=$(free_port)
export NGOAIVU_DELEGATIONS_METRICS_PORT=$(free_port) NGOAIVU_NOTIFICATIONS_METRICS_PORT=$(free_port)

suite_cleanup() { "$ROOT/deploy/local/stop.sh" >/dev/null 2>&1 || true; rm -rf "$STATE"; }
trap suite_cleanup EXIT
# A command that ends the test under `set -e` names itself.
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
# A failure says why the servers think it happened: the last warnings and
# errors of each log (CI keeps only the test's output).
fail() {
  echo "FAIL: $*" >&2
  local log
  for log in "$STATE"/logs/*.log; do
    [ -f "$log" ] || continue
    grep -E '"level":"(warning|error)"' "$log" | grep -v -e "SERVING WITHOUT TLS" -e "\"msg\":\"rpc\"" |
      tail -5 | sed "s|^|  $(basename "$log" .log): |" >&2
  done
  exit 1
}
# Where it is, with the time: if ctest ever kills it, its output says where.
step() { echo "== $(date +%T) $*"; }

suite_start() {  # log file
  timeout 300 "$ROOT/deploy/local/run.sh" --detach >"$1" 2>&1 ||
    { cat "$1"; fail "run.sh did not start the suite"; }
}

redis_admin() {
  REDISCLI_AUTH=$(cat "$STATE/redis-acl/admin.password") \
    redis-cli --no-auth-warning --user admin -p "$NGOAIVU_REDIS_PORT" "$@"
}

# "<group> <pending> <lag>" for every group of every service's stream. A
# group whose last read entry is the stream's last has no lag, whatever
# Redis counts: Redis 7.0 forgets a group's read count in an append-only
# file replay (redis/redis#12898), so its `lag` is too high after one.
groups_state() {
  local s last
  for s in registry tasks delegations notifications; do
    last=$(redis_admin --raw xinfo stream "{$s}:events" 2>/dev/null |
      awk '$0 == "last-generated-id" { getline; print }')  # (no early exit: SIGPIPE)
    redis_admin --raw xinfo groups "{$s}:events" 2>/dev/null | awk -v s="$s" -v last="$last" '
      $0 == "name" { getline; name = $0 }
      $0 == "pending" { getline; pending = $0 }
      $0 == "last-delivered-id" { getline; delivered = $0 }
      $0 == "lag" { getline; print s "/" name, pending, (delivered == last ? 0 : $0) }'
  done
}

# The scheduler passes every second (not every five minutes), so what a
# pass does is done before the suite counts as quiet.
export NGOAIVU_SCHEDULER_INTERVAL_SECONDS=1
wait_quiet() {  # the same for 2.5 s: more than a scheduler pass
  local previous="" now same=0
  for _ in $(seq 400); do
    now="$(redis_admin dbsize) $(groups_state | tr '\n' ' ')"
    if [ "$now" = "$previous" ] &&
       ! groups_state | awk '$2 != 0 || ($3 != "" && $3 != 0) { busy = 1 }
                             END { exit !busy }'; then
      same=$((same + 1))
      [ "$same" -ge 5 ] && return 0
    else
      same=0
    fi
    previous=$now
    sleep 0.5
  done
  groups_state >&2
  fail "the consumers did not catch up"
}
