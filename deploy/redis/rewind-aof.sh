#!/bin/sh
# Brings a Redis data directory back to what it held at a second in the
# past, from its own append-only file (every second's writes carry the
# time: aof-timestamp-enabled in deploy/redis/redis.conf):
#   rewind-aof.sh [--check] --to UNIX_SECONDS DATA_DIR
# (--check: only whether it can be done; changes nothing.)
# Redis must not be running on DATA_DIR. The files as they were are kept in
# DATA_DIR/replaced-<time>/ first; then redis-check-aof cuts the file after
# the last write of that second. A Function's writes are one MULTI/EXEC
# block, cut whole or kept whole: a record and its event stay together.
# Possible back to the file's last rewrite (its base); an earlier time
# needs a backup (restore-rdb.sh). Used by deploy/local/restore.sh --to.
set -eu
to="" check=0
while [ "$#" -gt 1 ]; do
  case "$1" in
    --to) to=$2; shift 2 ;;
    --check) check=1; shift ;;
    *) break ;;
  esac
done
[ "$#" -eq 1 ] && [ -n "$to" ] || { echo "usage: rewind-aof.sh --to UNIX_SECONDS DATA_DIR" >&2; exit 2; }
data=$1
dir="$data/appendonlydir"
manifest=$(ls "$dir"/*.manifest 2>/dev/null | head -1)
[ -n "$manifest" ] || { echo "rewind: $data has no append-only file" >&2; exit 1; }
at() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

base=$(awk '$6 == "b" { print $2 }' "$manifest" | head -1)
base_time=$(redis-check-rdb "$dir/$base" 2>/dev/null | sed -n "s/^.*AUX FIELD ctime = '\([0-9]*\)'\$/\1/p")
[ -n "$base_time" ] || { echo "rewind: cannot read when $dir/$base was written" >&2; exit 1; }
if [ "$to" -lt "$base_time" ]; then
  echo "rewind: the append-only file begins at its last rewrite, $(at "$base_time");" \
    "$(at "$to") is before it: restore a backup taken before that time" >&2
  exit 4
fi
incr=$(awk '$6 == "i" { print $2 }' "$manifest")
[ "$(echo "$incr" | grep -c .)" -le 1 ] ||
  { echo "rewind: the append-only file is in several parts (a rewrite did not finish): restore a backup" >&2; exit 4; }
# The times: each second's first write is preceded by "#TS:<seconds>". A
# file written before times were on starts without one; its writes have no
# time, so only a time after the first mark can be asked for.
first_line=$( [ -z "$incr" ] || head -n1 "$dir/$incr" | tr -d '\r')
first_mark=$( [ -z "$incr" ] || grep -a -m1 '^#TS:' "$dir/$incr" | tr -d '\r' | cut -c5-)
cut_all=0
if [ -n "$first_line" ] && [ -z "$first_mark" ]; then
  echo "rewind: the append-only file carries no times (aof-timestamp-enabled was off)" >&2
  exit 4
elif [ -n "$first_mark" ] && [ "$to" -lt "$first_mark" ]; then
  if [ "${first_line#\#TS:}" = "$first_line" ]; then
    echo "rewind: times are recorded from $(at "$first_mark") on; the writes before carry none:" \
      "ask for a later time, or restore a backup" >&2
    exit 4
  fi
  cut_all=1  # every write since the last rewrite came after that time
fi

[ "$check" -eq 0 ] || exit 0

aside="$data/replaced-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$aside"
cp -a "$dir" "$aside/"
before=$(cd "$dir" && cat $incr 2>/dev/null | wc -c)
if [ "$cut_all" -eq 1 ]; then
  : >"$dir/$incr"
elif [ -n "$incr" ] && ! redis-check-aof --truncate-to-timestamp "$to" "$manifest" >"$aside/rewind.log" 2>&1; then
  cat "$aside/rewind.log" >&2
  echo "rewind: redis-check-aof could not cut the file; the files are as they were in $aside" >&2
  rm -rf "$dir" && cp -a "$aside/appendonlydir" "$data/"
  exit 1
fi
after=$(cd "$dir" && cat $incr 2>/dev/null | wc -c)
echo "rewind: $data as it was at $(at "$to"): $((before - after)) bytes of later writes cut" \
  "(the files before, in $aside)"
