#!/usr/bin/env bash
# Journeys across the services of the suite as deployed (deploy/local/run.sh),
# through the CLI only, with a service killed (SIGKILL) and started again by
# run.sh on the way, as a crashed process is:
# - an outbound trip approved, travelling and back home: tasks (killed while
#   the return is published) opens one post-trip report obligation; the
#   agency submits it and DOFA accepts it: the delegations service (killed
#   while the acceptance is published) makes the trip REPORTED, once;
#   notifications (killed too) tells the agency's inbox once;
# - an agency merged in the registry: its delegations still under way follow
#   the successor.
# Each step fails if main() leaves out a follower, or Redis' users refuse it.
set -euo pipefail
source "$(dirname "$0")/suite_env.sh"

step "run.sh"
suite_start "$STATE/first.log"
wait_quiet

kill_service() {  # name: SIGKILL, as a crash
  local pid
  pid=$(cat "$STATE/run/$1.pid")
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}
restart_missing() {  # run.sh starts again what is not running
  suite_start "$STATE/restart-$1.log"
  grep -q "starting $1" "$STATE/restart-$1.log" || fail "run.sh did not start $1 again"
}
wait_for() {  # seconds description command...: until the command succeeds
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "$what (after ${seconds}s)"
}
events_of_type() {  # service type: how many such events its stream holds
  redis_admin --raw xrange "{$1}:events" - + | grep -cx "$2" || true
}

step "an outbound trip, approved and travelling"
from=$(date -d "+30 days" +%F) to=$(date -d "+34 days" +%F)
"$CLI" delegations create --id trip --direction outbound --purpose work --agency UBND \
  --title "Làm việc tại Svay Rieng" --country KH:5 --from "$from" --to "$to" \
  --member UBND/tran-luu-quang --funding state-budget --cost 50000000 >/dev/null ||
  fail "the trip was refused"
for verb in submit review forward; do
  "$CLI" delegations "$verb" trip >/dev/null || fail "$verb refused"
done
"$CLI" delegations approve trip --number 7/QĐ-UBND --date "$(date +%F)" \
  --signer UBND/tran-luu-quang --capacity "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" >/dev/null ||
  fail "approval refused"
"$CLI" delegations depart trip >/dev/null || fail "depart refused"

step "back home while tasks is down"
kill_service tasks
"$CLI" delegations return-home trip >/dev/null || fail "return-home refused"
restart_missing tasks
year=$(date -u -d "+7 hours" +%Y)
report_obligation() {
  "$CLI" -o json obligations list --programme "follow-up-$year" |
    grep -o "\"name\": *\"programmes/follow-up-$year/duties/[^\"]*/obligations/[^\"]*\"" |
    sed 's/.*"\(programmes[^"]*\)"/\1/'
}
wait_for 20 "tasks opened no post-trip report" test -n "$(report_obligation)"
wait_quiet
[ "$(report_obligation | wc -l)" -eq 1 ] || fail "not one post-trip report: $(report_obligation)"
obligation=$(report_obligation)
"$CLI" obligations get "$obligation" | grep -q "delegations/trip" ||
  fail "the report does not name the trip"

step "the report accepted while delegations is down"
"$CLI" obligations submit "$obligation" >/dev/null || fail "submit refused"
kill_service delegations
"$CLI" obligations accept "$obligation" >/dev/null || fail "accept refused"
restart_missing delegations
reported() { "$CLI" delegations get trip | grep -q REPORTED; }
wait_for 20 "the accepted report did not make the trip REPORTED" reported
wait_quiet
[ "$(events_of_type delegations ngoaivu.delegations.v1.delegation.reported)" -eq 1 ] ||
  fail "not one delegation.reported event"
redis_admin --raw xinfo groups "{tasks}:events" | grep -qx delegations-tasks ||
  fail "no delegations-tasks group on the tasks stream"

step "notifications down and back: the agency told once"
kill_service notifications
"$CLI" delegations create --id visit --direction inbound --visitor-kind embassy \
  --visitors-country JP --purpose visit --agency STTTT --title "Đại sứ quán Nhật Bản" \
  --from "$from" --to "$to" --member "Tanaka Hiro|Tham tán|Đại sứ quán|JP" \
  --funding self-funded >/dev/null || fail "the visit was refused"
"$CLI" delegations submit visit >/dev/null || fail "visit submit refused"
restart_missing notifications
told() {
  "$CLI" notifications list SNGV --limit 100 \
    --type ngoaivu.delegations.v1.delegation.submitted | grep -c "Đại sứ quán Nhật Bản"
}
wait_for 20 "DOFA's inbox was not told of the submitted visit" test "$(told)" -ge 1
wait_quiet
[ "$(told)" -eq 1 ] || fail "DOFA's inbox was told $(told) times"

step "a merge: the delegations under way follow the successor"
"$CLI" agencies merge STTTT --into SVHTTDL --reason "Hợp nhất" >/dev/null || fail "merge refused"
followed() { "$CLI" delegations get visit | grep -q SVHTTDL; }
wait_for 20 "the merged agency's visit did not follow its successor" followed
"$CLI" delegations get trip | grep -q UBND || fail "a trip of another agency moved"
echo "journeys: across the services, through crashes, each effect once"
