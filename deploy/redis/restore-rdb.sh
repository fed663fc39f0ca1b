#!/bin/sh
# Restores a backup (backup-rdb.sh) into a Redis data directory, ready for
# the suite's Redis to start on it as it always does (AOF on):
#   restore-rdb.sh [--force] --config REDIS_CONF BACKUP.rdb DATA_DIR
# Redis must not be running on DATA_DIR. REDIS_CONF is the suite's
# configuration (deploy/redis/redis.conf), so the data is laid out as the
# running Redis lays it out.
#
# 1. The backup's checksum (BACKUP.rdb.sha256) must match.
# 2. DATA_DIR must hold no Redis data (no append-only file, no RDB): with
#    --force, what it holds is moved aside into DATA_DIR/replaced-<time>/,
#    never deleted.
# 3. A private Redis (no port, a Unix socket only this user can open)
#    loads the snapshot, turns its append-only file on (Redis rewrites the
#    whole data set into a new one) and shuts down. The Redis that starts
#    next replays that file: every key, stream entry, consumer group
#    position, pending entry and Function as the snapshot had them.
# Used by deploy/local/restore.sh and the Kubernetes restore Job
# (deploy/k8s/restore.sh).
set -eu
force=0 config=""
while [ "$#" -gt 2 ]; do
  case "$1" in
    --force) force=1; shift ;;
    --config) config=$2; shift 2 ;;
    *) break ;;
  esac
done
[ "$#" -eq 2 ] && [ -n "$config" ] ||
  { echo "usage: restore-rdb.sh [--force] --config REDIS_CONF BACKUP.rdb DATA_DIR" >&2; exit 2; }
backup=$1 data=$2
say() { echo "restore: $*"; }

[ -f "$backup" ] || { echo "restore: no backup $backup" >&2; exit 1; }
[ -f "$backup.sha256" ] || { echo "restore: $backup has no checksum ($backup.sha256)" >&2; exit 1; }
expected=$(cut -d' ' -f1 "$backup.sha256")
actual=$(sha256sum "$backup" | cut -d' ' -f1)
[ "$expected" = "$actual" ] ||
  { echo "restore: $backup is damaged: its sha256 is $actual, its checksum file says $expected" >&2; exit 1; }
say "checksum of $(basename "$backup") matches"

mkdir -p "$data"
held=$(cd "$data" && ls -d appendonlydir *.aof *.rdb 2>/dev/null || true)
if [ -n "$held" ]; then
  if [ "$force" -ne 1 ]; then
    echo "restore: $data already holds Redis data ($(echo $held)); nothing was changed." >&2
    echo "restore: to replace it (it is moved aside, not deleted), run again with --force" >&2
    exit 3
  fi
  aside="$data/replaced-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$aside"
  for f in $held; do mv "$data/$f" "$aside/"; done
  say "moved what $data held into $aside"
fi

socket_dir=$(mktemp -d "${TMPDIR:-/tmp}/ngoaivu-restore-XXXXXX")
sock="$socket_dir/redis.sock"
cp "$backup" "$data/restore.rdb"
redis-server "$config" --port 0 --unixsocket "$sock" --unixsocketperm 700 \
  --dir "$data" --dbfilename restore.rdb --appendonly no --save "" \
  --daemonize no --logfile "$socket_dir/redis.log" &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  rm -rf "$socket_dir"
}
trap cleanup EXIT
# Exited (a zombie until waited for) or running.
alive() { kill -0 "$pid" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ]; }
ask() { redis-cli -s "$sock" "$@" 2>/dev/null | tr -d '\r'; }
field() { ask info persistence | sed -n "s/^$1://p"; }
wait_until() {  # seconds description test...
  limit=$1 what=$2
  shift 2
  i=0
  while ! "$@"; do
    i=$((i + 1))
    if [ "$i" -gt $((limit * 10)) ] || ! alive; then
      tail -20 "$socket_dir/redis.log" >&2
      echo "restore: $what" >&2
      exit 1
    fi
    sleep 0.1
  done
}
loaded() { [ "$(ask ping)" = PONG ] && [ "$(field loading)" = 0 ]; }
wait_until 3600 "the snapshot did not load" loaded
keys=$(ask dbsize)
say "loaded $keys keys and $(ask function list | grep -cx library_name || true) Function libraries"

# The append-only file from the loaded data set: a rewrite, then Redis
# writes to it (aof_enabled is 1 once the rewrite is done).
ask config set appendonly yes >/dev/null
aof_written() {
  [ "$(field aof_enabled)" = 1 ] && [ "$(field aof_rewrite_in_progress)" = 0 ] &&
    [ "$(field aof_rewrite_scheduled)" = 0 ]
}
wait_until 3600 "the append-only file was not written" aof_written
[ "$(field aof_last_bgrewrite_status)" = ok ] ||
  { tail -20 "$socket_dir/redis.log" >&2; echo "restore: the append-only file failed" >&2; exit 1; }
ask shutdown >/dev/null || true
wait "$pid" || { tail -20 "$socket_dir/redis.log" >&2; echo "restore: Redis did not stop cleanly" >&2; exit 1; }
rm -f "$data/restore.rdb"
[ -d "$data/appendonlydir" ] || { echo "restore: no append-only file was written" >&2; exit 1; }
say "$data holds the backup's $keys keys as an append-only file"
