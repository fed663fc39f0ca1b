#!/usr/bin/env bash
# Backs up the local suite's Redis while it runs (the services go on
# serving): one snapshot of every record, index, event stream with its
# consumer groups, and the Functions, checked, checksummed and named by
# time. Keeps the newest N. See docs/operations.md, "Backups and restore".
#   deploy/local/backup.sh
# Settings (environment):
#   NGOAIVU_BACKUP_DIR   where backups go (default: <state>/backups; put
#                        them on another disk than the state)
#   NGOAIVU_BACKUP_KEEP  how many to keep (default 14)
#   NGOAIVU_STATE_DIR, NGOAIVU_REDIS_PORT  as for run.sh
# Every hour, from cron:
#   0 * * * * /path/to/ngoaivu/deploy/local/backup.sh >>/var/log/ngoaivu-backup.log 2>&1
set -euo pipefail
source "$(dirname "$0")/lib.sh"
case "${1:-}" in
  '') ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "unknown argument: $1" >&2; exit 2 ;;
esac
STATE=${NGOAIVU_STATE_DIR:-$NGOAIVU_ROOT/.ngoaivu-local}
REDIS_PORT=${NGOAIVU_REDIS_PORT:-6390}
DIR=${NGOAIVU_BACKUP_DIR:-$STATE/backups}
[ -s "$STATE/redis-acl/backup.password" ] ||
  { echo "no suite in $STATE (deploy/local/run.sh makes one)" >&2; exit 1; }
# run.sh's mark of its last import goes with the backup, so a restore
# keeps run.sh from importing over the restored records.
mark=()
IMPORTED="$STATE/redis/ngoaivu-imported"
if [ -s "$IMPORTED" ]; then
  mark=(--extra "imported_at=$(sed -n 's/^at=//p' "$IMPORTED")"
        --extra "imported_agencies=$(sed -n 's/^agencies=//p' "$IMPORTED")")
fi
REDISCLI_AUTH=$(cat "$STATE/redis-acl/backup.password") \
  "$NGOAIVU_ROOT/deploy/redis/backup-rdb.sh" --host 127.0.0.1 --port "$REDIS_PORT" \
  --dir "$DIR" --keep "${NGOAIVU_BACKUP_KEEP:-14}" "${mark[@]}"
