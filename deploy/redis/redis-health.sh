#!/bin/sh
# Is this Redis fit to serve the suite?
#   redis-health.sh [HOST [PORT]]      (default 127.0.0.1 6379)
# Asks as the `probe` user (PING and INFO only), its password in
# REDISCLI_AUTH or in the file $NGOAIVU_PROBE_PASSWORD_FILE (default
# /etc/redis/acl/probe.password, as the Kubernetes pod mounts it).
# Exit status:
#   0  it answers PONG and has refused nothing it replayed
#   1  not reachable yet, or still loading its data
#   2  it refused commands while replaying its append-only file or its
#      primary's stream (INFO stats unexpected_error_replies): records are
#      missing from memory. Never serve such a Redis: the files on disk are
#      whole; fix the cause and restart it.
# Used by deploy/local/run.sh and by the Kubernetes Redis pod's readiness
# probe.
host=${1:-127.0.0.1}
port=${2:-6379}
if [ -z "${REDISCLI_AUTH:-}" ]; then
  file=${NGOAIVU_PROBE_PASSWORD_FILE:-/etc/redis/acl/probe.password}
  REDISCLI_AUTH=$(cat "$file") || { echo "cannot read $file"; exit 1; }
  export REDISCLI_AUTH
fi
ask() { redis-cli --no-auth-warning --user probe -h "$host" -p "$port" "$@" 2>&1; }
answer=$(ask ping)
if [ "$answer" != PONG ]; then
  echo "redis at $host:$port: ${answer:-no answer}"
  exit 1
fi
refused=$(ask info stats | tr -d '\r' | sed -n 's/^unexpected_error_replies://p')
if [ -z "$refused" ]; then
  echo "redis at $host:$port: INFO stats has no unexpected_error_replies"
  exit 1
fi
if [ "$refused" -gt 0 ]; then
  cat <<MESSAGE
redis at $host:$port refused $refused commands while replaying its data
(its append-only file, or the stream from its primary): records are missing
from memory, and serving it would hide the loss.
The files on disk are whole. Find the cause in Redis' log (the lines
'== CRITICAL =='; with Redis 7.0 it is usually an ACL file whose 'default'
user lacks rights: docs/operations.md, "Persistence and its loss window"), fix it
and restart Redis.
To serve what loaded anyway, knowingly: CONFIG RESETSTAT as the admin.
MESSAGE
  exit 2
fi
exit 0
