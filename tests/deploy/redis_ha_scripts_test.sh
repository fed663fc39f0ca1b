#!/usr/bin/env bash
# The prod overlay's start-up scripts (deploy/k8s/overlays/prod), run here
# against real processes: on the first start redis-0 leads and the others
# follow it, sentinels watch redis-0; once a sentinel knows the primary,
# every Redis pod and sentinel that starts follows that one instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
scripts=$root/deploy/k8s/overlays/prod
work=$(mktemp -d /tmp/ngoaivu-ha-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$work/secret" "$work/a" "$work/b" "$work/c" "$work/d"
echo "s3cret" >"$work/secret/password"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
sentinel_port=$(free_port)
primary_port=$(free_port)

# Nobody answers: redis-0 leads, redis-1 follows it, a sentinel watches it.
POD=redis-0 SENTINELS=127.0.0.1 SENTINEL_PORT=$sentinel_port CONFIG_DIR=$work/a \
  SECRET_DIR=$work/secret sh "$scripts/redis-role.sh" >/dev/null
grep -q replicaof "$work/a/redis.conf" && fail "redis-0 followed someone on the first start"
grep -q "masterauth s3cret" "$work/a/redis.conf" || fail "no replication password"
POD=redis-1 SENTINELS=127.0.0.1 SENTINEL_PORT=$sentinel_port CONFIG_DIR=$work/b \
  SECRET_DIR=$work/secret sh "$scripts/redis-role.sh" >/dev/null
grep -qx "replicaof redis-0.redis 6379" "$work/b/redis.conf" || fail "redis-1 does not follow redis-0"
POD=redis-sentinel-0 SENTINELS=127.0.0.1 SENTINEL_PORT=$sentinel_port CONFIG_DIR=$work/c \
  SECRET_DIR=$work/secret sh "$scripts/sentinel-config.sh" >/dev/null
grep -qx "sentinel monitor ngoaivu redis-0.redis 6379 2" "$work/c/sentinel.conf" ||
  fail "the sentinel does not watch redis-0"

# A sentinel that knows the primary (a real Redis here): whoever starts now
# follows that primary, redis-0 included.
redis-server --port "$primary_port" --bind 127.0.0.1 --save "" --dir "$work" \
  --daemonize no --logfile "$work/primary.log" & pids+=($!)
cat >"$work/d/sentinel.conf" <<CONF
port $sentinel_port
bind 127.0.0.1
sentinel monitor ngoaivu 127.0.0.1 $primary_port 1
CONF
redis-server "$work/d/sentinel.conf" --sentinel --daemonize no \
  --logfile "$work/sentinel.log" & pids+=($!)
for _ in $(seq 100); do
  redis-cli -p "$sentinel_port" sentinel get-master-addr-by-name ngoaivu 2>/dev/null |
    grep -q 127.0.0.1 && break
  sleep 0.1
done
POD=redis-0 SENTINELS=127.0.0.1 SENTINEL_PORT=$sentinel_port CONFIG_DIR=$work/a \
  SECRET_DIR=$work/secret sh "$scripts/redis-role.sh" >/dev/null
grep -qx "replicaof 127.0.0.1 $primary_port" "$work/a/redis.conf" ||
  { cat "$work/a/redis.conf"; fail "redis-0 did not follow the sentinels' primary"; }
POD=redis-sentinel-1 SENTINELS=127.0.0.1 SENTINEL_PORT=$sentinel_port CONFIG_DIR=$work/c \
  SECRET_DIR=$work/secret sh "$scripts/sentinel-config.sh" >/dev/null
grep -qx "sentinel monitor ngoaivu 127.0.0.1 $primary_port 2" "$work/c/sentinel.conf" ||
  { cat "$work/c/sentinel.conf"; fail "a new sentinel did not watch the known primary"; }
echo "ok"
