#!/usr/bin/env bash
# Restores a backup of deploy/local/backup.sh and starts the suite on it.
#   deploy/local/restore.sh                  lists the backups
#   deploy/local/restore.sh NAME|FILE        restores into an empty state
#   deploy/local/restore.sh --force NAME     replaces the data there is (the
#                                            suite is stopped; the current
#                                            files are moved aside, kept)
#   deploy/local/restore.sh --no-start NAME  restores, starts nothing
#   deploy/local/restore.sh --to TIME        brings the data back as it was
#                                            at TIME (e.g. "2026-12-07 15:30",
#                                            this machine's zone, to the
#                                            second) from the suite's own
#                                            append-only file, when it is
#                                            after the file's last rewrite
# NAME is a backup in NGOAIVU_BACKUP_DIR (default <state>/backups), e.g.
# ngoaivu-20261207T203000Z.rdb, or `latest`.
#
# The services come back where the snapshot left them: each consumer
# group reads on from its position then (nothing applied twice, nothing
# skipped), deliveries pending then are tried again, and the province's
# data is not imported over the restored records. What was written after
# the snapshot is not in it (docs/operations.md, "Backups and restore").
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STATE=${NGOAIVU_STATE_DIR:-$NGOAIVU_ROOT/.ngoaivu-local}
REDIS_PORT=${NGOAIVU_REDIS_PORT:-6390}
DIR=${NGOAIVU_BACKUP_DIR:-$STATE/backups}

force=() start=1 name="" to=""
while [ "$#" -gt 0 ]; do
  arg=$1
  shift
  case "$arg" in
    --to) to=${1:?--to needs a time}; shift ;;
    --force) force=(--force) ;;
    --no-start) start=0 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    -*) echo "unknown argument: $arg" >&2; exit 2 ;;
    *) name=$arg ;;
  esac
done
if [ -n "$to" ]; then
  # Back to a second of the past, from the running suite's own file (kept
  # as it was beside it): asked for by name, so no --force.
  seconds=$(date -d "$to" +%s) || { echo "--to: not a time: $to" >&2; exit 2; }
  [ "$seconds" -le "$(date +%s)" ] || { echo "--to: $to is in the future" >&2; exit 2; }
  "$NGOAIVU_ROOT/deploy/redis/rewind-aof.sh" --check --to "$seconds" "$STATE/redis" ||
    { echo "Nothing was changed." >&2; exit 1; }
  "$NGOAIVU_ROOT/deploy/local/stop.sh"
  "$NGOAIVU_ROOT/deploy/redis/rewind-aof.sh" --to "$seconds" "$STATE/redis" ||
    { echo "Nothing was changed; deploy/local/run.sh starts the suite again as it was." >&2; exit 1; }
  # Agencies created after that time are gone on purpose: run.sh counts
  # afresh instead of taking them for lost.
  if [ -s "$STATE/redis/ngoaivu-imported" ]; then
    sed -i 's/^agencies=.*/agencies=0/' "$STATE/redis/ngoaivu-imported"
  fi
  [ "$start" -eq 1 ] || { echo "Start the suite on it: deploy/local/run.sh"; exit 0; }
  exec "$NGOAIVU_ROOT/deploy/local/run.sh" --detach
fi
backups() { ls -1 "$DIR" 2>/dev/null | grep -E '^ngoaivu-[0-9]{8}T[0-9]{6}Z\.rdb$' | sort; }
if [ -z "$name" ]; then
  echo "Backups in $DIR (restore one: deploy/local/restore.sh NAME):"
  for b in $(backups); do
    info="$DIR/${b%.rdb}.info"
    printf '  %s  %s keys  %s bytes\n' "$b" \
      "$(sed -n 's/^keys=//p' "$info" 2>/dev/null)" "$(sed -n 's/^bytes=//p' "$info" 2>/dev/null)"
  done
  exit 0
fi
if [ "$name" = latest ]; then
  name=$(backups | tail -1)
  [ -n "$name" ] || { echo "no backups in $DIR" >&2; exit 1; }
fi
file=$name
[ -f "$file" ] || file="$DIR/$name"
[ -f "$file" ] || { echo "no backup $name (in $DIR: deploy/local/restore.sh lists them)" >&2; exit 1; }

# Data that is there (a running Redis' keys, or Redis' files) is replaced
# only when told so; nothing is stopped or moved before that.
redis_admin() {
  REDISCLI_AUTH=$(cat "$STATE/redis-acl/admin.password") \
    redis-cli --no-auth-warning --user admin -p "$REDIS_PORT" "$@"
}
held=""
if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  keys=$(redis_admin dbsize 2>/dev/null || echo "an unknown number of")
  [ "$keys" = 0 ] || held="Redis on port $REDIS_PORT is running and holds $keys keys"
fi
if [ -z "$held" ] && [ -n "$(cd "$STATE/redis" 2>/dev/null && ls -d appendonlydir ./*.aof ./*.rdb 2>/dev/null)" ]; then
  held="$STATE/redis holds Redis' files"
fi
if [ -n "$held" ] && [ "${#force[@]}" -eq 0 ]; then
  echo "$held; nothing was changed." >&2
  echo "To replace them (the suite is stopped, the files are moved aside and kept): add --force" >&2
  exit 3
fi
"$NGOAIVU_ROOT/deploy/local/stop.sh"

started=$(date +%s%N)
"$NGOAIVU_ROOT/deploy/redis/restore-rdb.sh" "${force[@]}" \
  --config "$NGOAIVU_ROOT/deploy/redis/redis.conf" "$file" "$STATE/redis"
# run.sh imports the province's data only into a store it has not filled
# before; the backup was filled (its agency count, as run.sh's mark keeps it).
info="${file%.rdb}.info"
if [ -f "$info" ] && grep -q '^imported_agencies=' "$info"; then
  printf 'at=%s\nagencies=%s\nrestored=%s\n' "$(sed -n 's/^imported_at=//p' "$info")" \
    "$(sed -n 's/^imported_agencies=//p' "$info")" "$(basename "$file")" \
    >"$STATE/redis/ngoaivu-imported"
fi
echo "restored $(basename "$file") in $(( ($(date +%s%N) - started) / 1000000 )) ms"
[ "$start" -eq 1 ] || { echo "Start the suite on it: deploy/local/run.sh"; exit 0; }
exec "$NGOAIVU_ROOT/deploy/local/run.sh" --detach
