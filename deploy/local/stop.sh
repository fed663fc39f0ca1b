#!/usr/bin/env bash
# Stops what deploy/local/run.sh started: services first (SIGTERM: calls in
# flight finish; each exits within a few seconds), then Redis (its AOF keeps
# the data for the next start). Returns once every process it stopped is
# gone and its port is free.
#   deploy/local/stop.sh              everything
#   deploy/local/stop.sh tasks redis  only those (gateway, registry, tasks,
#                                     delegations, notifications, redis)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STATE=${NGOAIVU_STATE_DIR:-$NGOAIVU_ROOT/.ngoaivu-local}
REDIS_PORT=${NGOAIVU_REDIS_PORT:-6390}
# A server that has not exited this long after SIGTERM is killed.
GRACE_SECONDS=${NGOAIVU_STOP_GRACE_SECONDS:-15}

# Gone once it has exited: a zombie waiting for its parent (init, for the
# detached servers) to reap it holds no port and no file.
gone() {
  ! kill -0 "$1" 2>/dev/null ||
    [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}
wait_gone() {  # pid tenths-of-a-second
  for _ in $(seq "$2"); do gone "$1" && return 0; sleep 0.1; done
  gone "$1"
}

stop_pid() {  # name pidfile
  local name=$1 file=$2
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  if ! gone "$pid"; then
    local start
    start=$(date +%s%N)
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" $((GRACE_SECONDS * 10)); then
      echo "$name (pid $pid) still running ${GRACE_SECONDS}s after SIGTERM: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 50 || { echo "$name (pid $pid) survived SIGKILL" >&2; return 1; }
    fi
    echo "stopped $name ($(( ($(date +%s%N) - start) / 1000000 )) ms)"
  fi
  rm -f "$file"
}

stop_redis() {
  stop_pid redis "$STATE/run/redis.pid"
  # Without a pid file (started by hand or by an older run.sh), ask it as
  # the admin, then wait until its port is closed.
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 &&
     [ -s "$STATE/redis-acl/admin.password" ]; then
    REDISCLI_AUTH=$(cat "$STATE/redis-acl/admin.password") \
      redis-cli --no-auth-warning --user admin -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
    for _ in $(seq 150); do
      redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || break
      sleep 0.1
    done
    echo "stopped redis"
  fi
}

all=(gateway notifications delegations tasks registry redis)
names=("$@")
[ "${#names[@]}" -gt 0 ] || names=("${all[@]}")
for name in "${names[@]}"; do
  [[ " ${all[*]} " == *" $name "* ]] ||
    { echo "stop.sh: unknown name '$name' (one of: ${all[*]})" >&2; exit 2; }
done
status=0
# In dependency order whatever order they were named in.
for name in "${all[@]}"; do
  [[ " ${names[*]} " == *" $name "* ]] || continue
  if [ "$name" = redis ]; then
    stop_redis || status=1
  else
    stop_pid "$name" "$STATE/run/$name.pid" || status=1
  fi
done
exit "$status"
