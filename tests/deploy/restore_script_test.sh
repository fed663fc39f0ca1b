#!/usr/bin/env bash
# deploy/redis/restore-rdb.sh (the restore every deployment runs) against
# real files and a real Redis: a backup whose bytes changed is refused, a
# data directory holding Redis' files is refused (exit 3, nothing moved)
# unless --force (then kept aside, never deleted), and what it writes is an
# append-only file the suite's Redis loads with every key and stream group.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/ngoaivu-restore-XXXXXX)
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
conf=$root/deploy/redis/redis.conf
sock=$work/redis.sock
ask() { redis-cli -s "$sock" "$@"; }
serve() {  # dir: the suite's Redis on `dir`, until it answers
  redis-server "$conf" --port 0 --unixsocket "$sock" --dir "$1" --daemonize no \
    --logfile "$1/log" & pid=$!
  for _ in $(seq 100); do [ "$(ask ping 2>/dev/null)" = PONG ] && return; sleep 0.1; done
  fail "Redis did not start on $1"
}
stop() { ask shutdown >/dev/null 2>&1 || true; wait "$pid" 2>/dev/null || true; pid=""; }

# A source with records, a stream and a group that has read part of it.
mkdir -p "$work/source"
serve "$work/source"
for i in $(seq 20); do ask hset "{registry}:agency:$i" pb "record $i" >/dev/null; done
for i in $(seq 5); do ask xadd "{registry}:events" '*' type t >/dev/null; done
ask xgroup create "{registry}:events" tasks 0 >/dev/null
ask xreadgroup group tasks c1 count 3 streams "{registry}:events" '>' >/dev/null
ask --rdb "$work/b.rdb" >/dev/null 2>&1
stop
(cd "$work" && sha256sum b.rdb >b.rdb.sha256)

# Damaged: refused, naming it; nothing written.
cp "$work/b.rdb" "$work/bad.rdb"
cp "$work/b.rdb.sha256" "$work/bad.rdb.sha256"
printf 'x' >>"$work/bad.rdb"
if sh "$root/deploy/redis/restore-rdb.sh" --config "$conf" "$work/bad.rdb" "$work/data" >"$work/log" 2>&1; then
  fail "a damaged backup was restored"
fi
grep -q "is damaged" "$work/log" || { cat "$work/log"; fail "the damage was not named"; }
[ ! -e "$work/data/appendonlydir" ] || fail "a damaged backup left files"

# Into an empty directory: every key, the stream and its group's position.
sh "$root/deploy/redis/restore-rdb.sh" --config "$conf" "$work/b.rdb" "$work/data" >"$work/log" 2>&1 ||
  { cat "$work/log"; fail "the restore failed"; }
[ ! -e "$work/data/restore.rdb" ] || fail "the private Redis' RDB was left behind"
serve "$work/data"
[ "$(ask dbsize)" = 21 ] || fail "$(ask dbsize) keys restored, not 21"
[ "$(ask hget "{registry}:agency:7" pb)" = "record 7" ] || fail "a record differs"
ask xinfo groups "{registry}:events" | tr '\n' ' ' | grep -q "pending 3 " ||
  fail "the group's pending entries were not restored"
stop

# Over data: refused (exit 3) and nothing moved; with --force, kept aside.
status=0
sh "$root/deploy/redis/restore-rdb.sh" --config "$conf" "$work/b.rdb" "$work/data" >"$work/log" 2>&1 || status=$?
[ "$status" = 3 ] || { cat "$work/log"; fail "a directory holding data was not refused (exit $status)"; }
ls -d "$work"/data/replaced-* >/dev/null 2>&1 && fail "a refused restore moved files"
sh "$root/deploy/redis/restore-rdb.sh" --force --config "$conf" "$work/b.rdb" "$work/data" >"$work/log" 2>&1 ||
  { cat "$work/log"; fail "--force failed"; }
ls "$work"/data/replaced-*/appendonlydir >/dev/null || fail "the replaced files were not kept"
echo "ok"
