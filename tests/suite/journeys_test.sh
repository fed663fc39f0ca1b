#!/usr/bin/env bash
# Journeys across the services of the suite as deployed (deploy/local/run.sh),
# through the CLI only, with a service killed (SIGKILL) and started again by
# run.sh on the way, as a crashed process is:
# - an outbound trip approved, travelling and back home: tasks (killed while
#   the return is published) opens one post-trip report obligation; the
#   agency submits it and DOFA accepts it: the delegations service (killed
#   while the acceptance is published) makes the trip REPORTED, once;
#   notifications (killed too) tells the agency's inbox once;
# - an obligation overdue: the scheduler's reminder reaches the agency's
#   inbox and a subscribed webhook, signed (Standard Webhooks, checked by a
#   receiver of the test's own);
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
  --title "Làm việc tại Svay Rieng" --country KH --from "$from" --to "$to" \
  --member UBND/tran-luu-quang --funding state-budget --cost 50000000 >/dev/null ||
  fail "the trip was refused"
# One country without its days: the trip's five days, not one.
"$CLI" delegations get trip | grep -q "KH Campuchia, 5 days" || fail "KH did not get the trip's 5 days"
if "$CLI" delegations create --id two-countries --direction outbound --purpose work \
  --agency UBND --title "Hai nước" --country KH --country LA:2 --from "$from" --to "$to" \
  --member UBND/tran-luu-quang --funding state-budget 2>"$STATE/days.log"; then
  fail "several countries were taken without their days"
fi
grep -q "give its days" "$STATE/days.log" || { cat "$STATE/days.log"; fail "days not asked for"; }
for verb in submit review forward; do
  "$CLI" delegations "$verb" trip >/dev/null || fail "$verb refused"
done
"$CLI" delegations approve trip --number 7/QĐ-UBND --date "$(date +%F)" \
  --signer UBND/tran-luu-quang --capacity "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" >/dev/null ||
  fail "approval refused"
# Not before its approved start: leaving early takes an amended decision.
if "$CLI" delegations depart trip 2>"$STATE/early.log"; then
  fail "the trip left a month before its approved start"
fi
grep -q "approved to leave on $from" "$STATE/early.log" || { cat "$STATE/early.log"; fail "dates not named"; }
today=$(date -u -d "+7 hours" +%F)
"$CLI" delegations amend trip --number 8/QĐ-UBND --date "$(date +%F)" \
  --signer UBND/tran-luu-quang --summary "Đi sớm theo lời mời của đối tác" \
  --from "$today" --to "$(date -u -d "+7 hours +4 days" +%F)" \
  --justify "submitted-in-time=Đối tác đề nghị gặp sớm" >/dev/null ||
  fail "the amendment moving the dates was refused"
"$CLI" delegations depart trip >/dev/null || fail "depart refused on its amended day"

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

step "an obligation overdue: the inbox and a signed webhook told"
cat >"$STATE/receiver.py" <<'PY'
import base64, hashlib, hmac, http.server, json, sys
secret_file, out_file, port_file = sys.argv[1:4]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        secret = open(secret_file).read().strip()
        key = base64.b64decode(secret[len("whsec_"):])
        signed = "{}.{}.".format(self.headers["webhook-id"],
                                 self.headers["webhook-timestamp"]).encode() + body
        expected = "v1," + base64.b64encode(
            hmac.new(key, signed, hashlib.sha256).digest()).decode()
        good = expected in self.headers.get("webhook-signature", "").split(" ")
        event = json.loads(body)
        with open(out_file, "a") as out:
            out.write("{} {} {}\n".format("signed" if good else "UNSIGNED",
                                          event["type"], event.get("subject", "")))
        self.send_response(204 if good else 401)
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
open(port_file, "w").write(str(server.server_port))
server.serve_forever()
PY
python3 "$STATE/receiver.py" "$STATE/whsec" "$STATE/received" "$STATE/receiver.port" &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; suite_cleanup' EXIT
wait_for 10 "the webhook receiver did not start" test -s "$STATE/receiver.port"
system_token=$("$CLI" token issue --subject e-office --agency SNGV --role system --ttl 10m)
"$CLI" --token "$system_token" subscriptions create --id overdue \
  --webhook "http://127.0.0.1:$(cat "$STATE/receiver.port")/hooks/ngoaivu" \
  --type ngoaivu.tasks.v1.obligation.overdue >"$STATE/subscription.txt" ||
  fail "the subscription was refused"
grep -o "whsec_[A-Za-z0-9+/=]*" "$STATE/subscription.txt" >"$STATE/whsec" ||
  fail "the subscription's secret was not shown"
# A programme whose one duty fell due five days ago, tracked from before
# that: its obligation is overdue from the start.
cat >"$STATE/late.yaml" <<YAML
programme:
  id: late-test
  decision_number: 99/QĐ-UBND
  decision_date: $(date -d "-20 days" +%F)
  issuing_body: UBND
  title: "Kế hoạch kiểm tra nhắc hạn"
  signer:
    full_name: Trần Lưu Quang
    position: Phó Chủ tịch
    capacities: [on-behalf-of-committee]
    official: UBND/tran-luu-quang
duties:
  - id: late-report
    title: "Báo cáo quá hạn"
    lead: SCT
    schedule: {due_date: $(date -d "-5 days" +%F)}
YAML
"$CLI" programmes import "$STATE/late.yaml" --activate --track-from "$(date -d "-20 days" +%F)" \
  >/dev/null || fail "the late programme was refused"
late_subject=programmes/late-test/duties/late-report/obligations/sct
webhook_told() { grep -q "signed ngoaivu.tasks.v1.obligation.overdue $late_subject" "$STATE/received"; }
wait_for 30 "the webhook was not told of the overdue obligation" webhook_told
grep -q UNSIGNED "$STATE/received" && fail "a webhook delivery was not signed with the secret"
inbox_told() {
  "$CLI" notifications list SCT --limit 50 --type ngoaivu.tasks.v1.obligation.overdue |
    grep -q "Báo cáo quá hạn"
}
wait_for 20 "SCT's inbox was not told of its overdue obligation" inbox_told

step "a merge: the delegations under way follow the successor"
"$CLI" agencies merge STTTT --into SVHTTDL --reason "Hợp nhất" >/dev/null || fail "merge refused"
followed() { "$CLI" delegations get visit | grep -q SVHTTDL; }
wait_for 20 "the merged agency's visit did not follow its successor" followed
"$CLI" delegations get trip | grep -q UBND || fail "a trip of another agency moved"
echo "journeys: across the services, through crashes, each effect once"
