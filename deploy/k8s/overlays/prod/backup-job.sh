#!/bin/sh
# The CronJob redis-backup's step (backup.yaml): takes the snapshot from a
# replica in sync with the primary, so the primary does not fork for it;
# from the primary only when no replica is in sync. Then
# deploy/redis/backup-rdb.sh checks, checksums, names and prunes.
# Settings (environment):
#   REDIS_ADDRESSES  the Redis pods, HOST:PORT separated by spaces
#   PASSWORD_FILE    the `backup` user's password
#   BACKUP_DIR       where backups go (the volume redis-backups)
#   BACKUP_KEEP      how many to keep
#   SCRIPTS          where backup-rdb.sh is
set -eu
REDISCLI_AUTH=$(cat "$PASSWORD_FILE")
export REDISCLI_AUTH
source="" primary=""
for address in $REDIS_ADDRESSES; do
  info=$(redis-cli --no-auth-warning --user backup -h "${address%:*}" -p "${address##*:}" \
    info replication 2>/dev/null | tr -d '\r') || continue
  case "$info" in
    *role:slave*)
      if echo "$info" | grep -qx 'master_link_status:up'; then source=$address; break; fi ;;
    *role:master*) primary=$address ;;
  esac
done
[ -n "$source" ] || source=$primary
[ -n "$source" ] || { echo "backup: no Redis of $REDIS_ADDRESSES answers" >&2; exit 1; }
[ "$source" = "$primary" ] && echo "backup: no replica in sync; from the primary $source"
exec sh "$SCRIPTS/backup-rdb.sh" --host "${source%:*}" --port "${source##*:}" \
  --dir "$BACKUP_DIR" --keep "$BACKUP_KEEP" --extra "role=$([ "$source" = "$primary" ] && echo primary || echo replica)"
