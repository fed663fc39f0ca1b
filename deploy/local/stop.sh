#!/usr/bin/env bash
# Stops what deploy/local/run.sh started: services first (SIGTERM: calls in
# flight finish), then Redis (its AOF keeps the data for the next start).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STATE=${NGOAIVU_STATE_DIR:-$NGOAIVU_ROOT/.ngoaivu-local}
REDIS_PORT=${NGOAIVU_REDIS_PORT:-6390}

stop_pid() {  # name pidfile
  local name=$1 file=$2
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped $name"
  fi
  rm -f "$file"
}

stop_pid notifications "$STATE/run/notifications.pid"
stop_pid delegations "$STATE/run/delegations.pid"
stop_pid tasks "$STATE/run/tasks.pid"
stop_pid registry "$STATE/run/registry.pid"
# Redis saves its AOF on SIGTERM; without a pid file, ask it as the admin.
stop_pid redis "$STATE/run/redis.pid"
if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 &&
   [ -s "$STATE/redis-acl/admin.password" ]; then
  REDISCLI_AUTH=$(cat "$STATE/redis-acl/admin.password") \
    redis-cli --user admin -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  echo "stopped redis"
fi
