#!/usr/bin/env bash
# The prod overlay's backup step (deploy/k8s/overlays/prod/backup-job.sh),
# run here against real processes with the suite's Redis users: a primary
# and a replica in sync, the snapshot comes from the replica; with the
# replica gone, from the primary. Either way the backup holds the
# primary's keys and is checksummed, and retention keeps the newest N.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/ngoaivu-backup-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
primary=$(free_port) replica=$(free_port)
"$root/deploy/redis/make-acl.sh" "$work/acl" "127.0.0.1:$primary" >/dev/null
start() {  # port dir [args...]
  local port=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  redis-server "$root/deploy/redis/redis.conf" --port "$port" --bind 127.0.0.1 --dir "$dir" \
    --aclfile "$work/acl/users.acl" --daemonize no --logfile "$dir/log" "$@" &
  pids+=($!)
}
admin() {  # port command...
  local port=$1
  shift
  REDISCLI_AUTH=$(cat "$work/acl/admin.password") redis-cli --no-auth-warning --user admin -p "$port" "$@"
}
wait_for() {  # description command...
  local what=$1
  shift
  for _ in $(seq 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "$what"
}
start "$primary" "$work/primary"
start "$replica" "$work/replica" --replicaof 127.0.0.1 "$primary" --masteruser replica \
  --masterauth "$(cat "$work/acl/replica.password")"
wait_for "the primary did not start" admin "$primary" ping
for i in $(seq 50); do admin "$primary" set "{registry}:agency:$i" "record $i" >/dev/null; done
synced() { admin "$replica" info replication | tr -d '\r' | grep -qx master_link_status:up &&
  [ "$(admin "$replica" dbsize)" = 50 ]; }
wait_for "the replica did not sync" synced

backup() {
  REDIS_ADDRESSES="127.0.0.1:$primary 127.0.0.1:$replica" PASSWORD_FILE="$work/acl/backup.password" \
    BACKUP_DIR="$work/backups" BACKUP_KEEP=2 SCRIPTS="$root/deploy/redis" \
    sh "$root/deploy/k8s/overlays/prod/backup-job.sh"
}
backup >"$work/first.log" 2>&1 || { cat "$work/first.log"; fail "the backup failed"; }
info=$(ls "$work/backups"/*.info)
grep -qx "source=127.0.0.1:$replica" "$info" || { cat "$info"; fail "not taken from the replica"; }
grep -qx "role=replica" "$info" && grep -qx "keys=50" "$info" || { cat "$info"; fail "wrong description"; }
(cd "$work/backups" && sha256sum -c --quiet ./*.sha256) || fail "checksum does not match"

kill "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true
admin "$primary" set "{registry}:agency:51" "record 51" >/dev/null
sleep 1  # a name of its own (names are per second)
backup >"$work/second.log" 2>&1 || { cat "$work/second.log"; fail "the backup from the primary failed"; }
grep -q "no replica in sync; from the primary" "$work/second.log" || fail "it did not say it fell back"
newest=$(ls "$work/backups"/*.info | sort | tail -1)
grep -qx "source=127.0.0.1:$primary" "$newest" && grep -qx "keys=51" "$newest" ||
  { cat "$newest"; fail "the fallback backup is not the primary's"; }
sleep 1
backup >/dev/null 2>&1 || fail "the third backup failed"
[ "$(ls "$work/backups"/*.rdb | wc -l)" = 2 ] || { ls "$work/backups"; fail "retention did not keep 2"; }
[ "$(ls "$work/backups" | wc -l)" = 6 ] || { ls "$work/backups"; fail "a pruned backup left files"; }
echo "ok"
