#!/usr/bin/env bash
# Stream retention of the suite as deployed: with the event streams kept at
# 40 entries (NGOAIVU_EVENTS_MAX_LENGTH, as Kubernetes sets it), the
# notifications service is stopped while 70 registry events arrive (more
# than the length, less than the hard cap of twice it); started again by
# run.sh, its group reads every one of them (the administrators' inbox is
# told of each new agency), nothing trimmed unread; and once every group
# has read them, the stream is trimmed back to its length.
set -euo pipefail
source "$(dirname "$0")/suite_env.sh"

# The import (493 delegation decisions in a burst) with the shipped length;
# at 40 a follower slowed by a busy machine could fall past the hard cap
# during it, which is what the cap is for, not what this test is about.
step "run.sh, importing"
suite_start "$STATE/import.log"
wait_quiet
"$ROOT/deploy/local/stop.sh" >/dev/null
export NGOAIVU_EVENTS_MAX_LENGTH=40
step "run.sh with streams kept at 40 entries"
suite_start "$STATE/first.log"
wait_quiet
told() {
  "$CLI" -o csv notifications list UBND --limit 200 --type ngoaivu.registry.v1.agency.created |
    grep -c "Cơ quan mới: Ban lưu giữ" || true
}

step "notifications stopped; 70 agencies created"
"$ROOT/deploy/local/stop.sh" notifications >/dev/null
logged=$(wc -l <"$STATE/logs/registry.log")
for i in $(seq 1 70); do
  "$CLI" agencies create "RET$i" --name "Ban lưu giữ $i" --kind department >/dev/null ||
    fail "agency RET$i refused"
done
length=$(redis_admin xlen "{registry}:events")
[ "$length" -gt 40 ] || fail "the stream was trimmed to $length behind the stopped group"
# The writer says how many entries it holds back for the group.
held=$(tail -n +"$((logged + 1))" "$STATE/logs/registry.log" |
  grep -c "event stream retention held back" || true)
[ "$held" -ge 1 ] || fail "the registry did not log that retention is held back"

step "run.sh starts notifications again"
suite_start "$STATE/second.log"
for _ in $(seq 100); do [ "$(told)" -ge 70 ] && break; sleep 0.2; done
[ "$(told)" -eq 70 ] || fail "the administrators were told of $(told) of the 70 agencies"
grep -q "trimmed from the stream before this group read them" "$STATE/logs/notifications.log" &&
  fail "notifications lost entries to trimming"
wait_quiet
"$CLI" agencies create RET71 --name "Ban lưu giữ 71" --kind department >/dev/null
wait_quiet
length=$(redis_admin xlen "{registry}:events")
[ "$length" -eq 40 ] || fail "the stream holds $length entries once every group read them, not 40"
echo "retention: a stopped consumer group lost none of 70 events beyond a length of 40"
