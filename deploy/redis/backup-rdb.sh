#!/bin/sh
# Takes one backup of the suite's Redis: a point-in-time snapshot of every
# key (records, indexes, event streams with their consumer groups and
# pending entries) and of the Functions, in one RDB file.
#   backup-rdb.sh --host HOST --port PORT --dir DIR [--keep N] [--user USER]
#                 [--extra KEY=VALUE]...
# The password is in REDISCLI_AUTH (user default: backup, the ACL user
# that may only take snapshots: deploy/redis/users.acl.in).
#
# In DIR, named by the UTC time it was taken:
#   ngoaivu-20261207T203000Z.rdb         the snapshot (redis-cli --rdb: Redis
#                                        forks and streams it; nothing on
#                                        Redis' own disk is read or written)
#   ngoaivu-20261207T203000Z.rdb.sha256  its checksum (sha256sum -c)
#   ngoaivu-20261207T203000Z.info        what it holds: time, source,
#                                        Redis version, key counts, size
#                                        and each --extra line
# The file is checked whole (redis-check-rdb) before it gets its name, so a
# backup that is listed is one that loads. Then all but the newest N
# (default 14) are removed. Used by deploy/local/backup.sh and by the prod
# overlay's CronJob (deploy/k8s/overlays/prod/backup.yaml).
set -eu
host=127.0.0.1 port=6379 dir="" keep=14 user=backup extra=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --host) host=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --extra) extra="$extra$2
"; shift 2 ;;
    *) echo "backup-rdb.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$dir" ] || { echo "backup-rdb.sh: --dir is required" >&2; exit 2; }
case "$keep" in
  ''|*[!0-9]*|0) echo "backup-rdb.sh: --keep must be a positive number" >&2; exit 2 ;;
esac
mkdir -p "$dir"
name=ngoaivu-$(date -u +%Y%m%dT%H%M%SZ)
# Two in one second: the second waits for a name of its own.
while [ -e "$dir/$name.rdb" ]; do sleep 1; name=ngoaivu-$(date -u +%Y%m%dT%H%M%SZ); done
partial="$dir/.$name.partial"
trap 'rm -f "$partial" "$partial.check"' EXIT
started=$(date +%s%N)
# An hour at most: a snapshot that takes longer is stuck, not slow.
if ! timeout 3600 redis-cli --no-auth-warning --user "$user" -h "$host" -p "$port" \
    --rdb "$partial" >"$partial.check" 2>&1; then
  cat "$partial.check" >&2
  echo "backup-rdb.sh: no snapshot from $host:$port" >&2
  exit 1
fi
if ! redis-check-rdb "$partial" >"$partial.check" 2>&1; then
  cat "$partial.check" >&2
  echo "backup-rdb.sh: the snapshot from $host:$port does not load; nothing kept" >&2
  exit 1
fi
info() { sed -n "s/^\[info\] \([0-9]*\) $1\$/\1/p" "$partial.check"; }
aux() { sed -n "s/^.*AUX FIELD $1 = '\(.*\)'\$/\1/p" "$partial.check"; }
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
bytes=$(wc -c <"$partial")
# The checksum and description first: a backup with a name has both.
(cd "$dir" && sha256sum ".$name.partial" | sed "s/\.$name\.partial\$/$name.rdb/" \
  >"$name.rdb.sha256")
cat >"$dir/$name.info" <<INFO
name=$name.rdb
taken_at=$(date -u -d "@$(aux ctime)" +%Y-%m-%dT%H:%M:%SZ)
source=$host:$port
redis_version=$(aux redis-ver)
keys=$(info 'keys read')
expires=$(info expires)
bytes=$bytes
seconds=$(printf '%d.%03d' $((elapsed_ms / 1000)) $((elapsed_ms % 1000)))
$extra
INFO
mv "$partial" "$dir/$name.rdb"

# Retention: the newest N (names sort by time).
ls -1 "$dir" | grep -E '^ngoaivu-[0-9]{8}T[0-9]{6}Z\.rdb$' | sort | head -n "-$keep" |
  while read -r old; do
    rm -f "$dir/$old" "$dir/$old.sha256" "$dir/${old%.rdb}.info"
  done
echo "backup $dir/$name.rdb: $(info 'keys read') keys, $bytes bytes," \
  "$(sed -n 's/^seconds=//p' "$dir/$name.info") s, from $host:$port"
