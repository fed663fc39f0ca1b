#!/usr/bin/env bash
# deploy/local/run.sh end to end, in a state directory and on ports of its
# own: starts the suite, imports the province's data, imports nothing the
# second time, serves the CLI as an administrator, refuses what a token's
# role does not allow, and stops cleanly.
set -euo pipefail
source "$(dirname "$0")/../suite/suite_env.sh"

step "run.sh"
timeout 240 "$ROOT/deploy/local/run.sh" --detach >"$STATE/first.log" 2>&1 ||
  { cat "$STATE/first.log"; fail "run.sh did not start the suite"; }
grep -q "0 failed" "$STATE/first.log" || { cat "$STATE/first.log"; fail "import failed"; }
grep -q "29  active" "$STATE/first.log" || { cat "$STATE/first.log"; fail "summary lacks the 29 agencies"; }
[ "$(stat -c %a "$STATE/jwt-hs256.key")" = 600 ] || fail "signing key is not owner-only"

# The synthetic history of 2006-2010 carries the decision's totals, in the
# decision's order of countries, and is loaded once.
grep -q "493 synthetic delegations of 2006-2010 approved" "$STATE/first.log" ||
  { cat "$STATE/first.log"; fail "the synthetic history was not loaded"; }
"$NGOAIVU_BUILD/bin/ngoaivu" -o csv stats delegations --by country --from 2006 --to 2010 \
  >"$STATE/stats.csv" || fail "stats refused"
awk -F, 'NR > 1 && NR <= 5 { printf "%s ", $1 } $1 == "total" { print $2, $4 }' \
  "$STATE/stats.csv" | grep -qx "KH CN TH SG 493 1943" ||
  { cat "$STATE/stats.csv"; fail "statistics differ from the decision's figures"; }
grep -q "Trips abroad 2006-2010" "$STATE/first.log" || fail "summary lacks the statistics"

step "day one"
agency_codes() { "$CLI" -o csv agencies list | tail -n +2 | cut -d, -f1 | tr -d '\r'; }
# The scheduler passes every second here. This year's registration was due
# before the programme was tracked: nobody is late for it, nobody is chased,
# and the 2006-2010 history (a backfill) reaches no inbox.
sleep 3
grep -q "21 due before tracking (not counted late)" "$STATE/first.log" ||
  { cat "$STATE/first.log"; fail "the registration is not shown as due before tracking"; }
for code in $(agency_codes); do
  critical=$("$CLI" -o csv notifications list "$code" --severity critical | tail -n +2 | wc -l)
  [ "$critical" -eq 0 ] || fail "$code has $critical critical notifications on day one"
  asked=$("$CLI" -o csv notifications list "$code" --type 'ngoaivu.notifications.v1.explanation.requested' |
    tail -n +2 | wc -l)
  [ "$asked" -eq 0 ] || fail "$code was asked to explain on day one"
done
unread=$(sed -n 's/^  unread: agencies\/SNGV *//p' "$STATE/first.log")
[ -n "$unread" ] && [ "$unread" -lt 40 ] || fail "DOFA's unread count on day one is '$unread'"
history_told=$("$CLI" -o csv notifications list UBND --type 'ngoaivu.delegations.v1.*' | tail -n +2 | wc -l)
[ "$history_told" -eq 0 ] || fail "the synthetic history reached UBND's inbox ($history_told)"
approvals=$(redis_admin --raw xrange "{delegations}:events" - + | grep -cx "ngoaivu.delegations.v1.delegation.approved" || true)
[ "$approvals" -ge 493 ] || fail "the stream lost the history's approvals ($approvals)"
# A year before tracking began is said to be untracked, not fully compliant.
"$CLI" report compliance programmes/2488-qd-ubnd-2011/duties/iv-9-annual-registration \
  --period 2025 | grep -q "period 2025 was not tracked" || fail "2025 reads as compliant"
# Mistyped codes are said to be so, and a token for one is not issued.
"$CLI" notifications list SNGVV 2>"$STATE/typo.log" && fail "an unknown inbox was listed"
grep -q "NOT_FOUND" "$STATE/typo.log" || { cat "$STATE/typo.log"; fail "unknown inbox not NOT_FOUND"; }
"$CLI" obligations list --agency SNGVV 2>"$STATE/typo.log" && fail "an unknown agency's obligations were listed"
"$CLI" token issue --subject x --agency SCTT --role officer 2>"$STATE/typo.log" &&
  fail "a token was issued for an agency that does not exist"
# DOFA gives the registration a new due date; it is tracked from then on.
registration=programmes/2488-qd-ubnd-2011/duties/iv-9-annual-registration/obligations/$(date -u -d "+7 hours" +%Y)-sct
"$CLI" obligations get "$registration" | grep -q "due before it was tracked" ||
  fail "the registration does not say it was due before tracking"
"$CLI" obligations reschedule "$registration" --due "$(date -u -d "+7 hours +20 days" +%F)" \
  --reason "Hạn mới theo công văn của Sở Ngoại vụ" >/dev/null || fail "reschedule refused"
sct=$("$CLI" token issue --subject an.tran --agency SCT --role officer --ttl 5m)
# An officer's inbox is the default one; the new due date is in it.
sct_inbox=""
for _ in $(seq 1 50); do
  sct_inbox=$("$CLI" --token "$sct" notifications list 2>&1 || true)
  [[ "$sct_inbox" == *"Hạn mới"* ]] && break
  sleep 0.2
done
[[ "$sct_inbox" == *"agencies/SCT/notifications/"* && "$sct_inbox" == *"Hạn mới"* ]] ||
  { echo "$sct_inbox"; fail "an officer's own inbox is not the default, or lacks the new due date"; }
"$CLI" --token "$sct" obligations report "$registration" --text "Đã gửi kế hoạch năm sau" \
  --percent 100 >/dev/null || fail "the report was refused"
# An agency's own work is always heard of: an officer may not mark it a
# backfill.
"$CLI" --token "$sct" --backfill obligations report "$registration" --text "x" --percent 10 \
  2>"$STATE/backfill.log" && fail "an officer's report was taken as a backfill"
grep -q PERMISSION_DENIED "$STATE/backfill.log" || { cat "$STATE/backfill.log"; fail "backfill not refused"; }
"$CLI" --token "$sct" obligations submit "$registration" >/dev/null || fail "submit refused"
# What waits for DOFA, the report's text, the history, and the inbox item
# read without marking it read.
"$CLI" obligations list --programme 2488-qd-ubnd-2011 --state SUBMITTED | grep -q "$registration" ||
  fail "the submitted registration is not in the programme's SUBMITTED list"
"$CLI" obligations reports "$registration" | grep -q "Đã gửi kế hoạch năm sau" ||
  fail "the progress report's text is not shown"
"$CLI" history "$registration" | grep -q "obligation.rescheduled" || fail "no history of the obligation"
submitted=""
for _ in $(seq 1 50); do
  submitted=$("$CLI" -o csv notifications list SNGV --type 'ngoaivu.tasks.v1.obligation.submitted' |
    tail -n +2 | head -1 | tr -d '\r')
  [ -n "$submitted" ] && break
  sleep 0.2
done
[[ "$submitted" == *"Sở Công thương"* ]] || fail "the submission does not name SCT: $submitted"
before=$("$CLI" -o csv notifications unread SNGV | tail -n +2 | tr -d '\r')
"$CLI" notifications get "${submitted##*,}" | grep -q "chờ Sở Ngoại vụ xem xét" ||
  fail "notifications get did not show the body"
[ "$("$CLI" -o csv notifications unread SNGV | tail -n +2 | tr -d '\r')" = "$before" ] ||
  fail "notifications get marked the notification read"

# A foreign press visit from the CLI, end to end through the running suite:
# the Police's opinion before DOFA forwards it, the UBND's decision, and its
# follow-up duty reaching tasks through the bus.
CLI="$NGOAIVU_BUILD/bin/ngoaivu"
# Days typed as written in Vietnam are taken; an impossible one is refused
# naming the flag and the forms.
from=$(date -d "+40 days" +%d/%m/%Y) to=$(date -d "+42 days" +%d/%m/%Y)
"$CLI" delegations list --from 31/02/2026 2>"$STATE/day.log" && fail "31/02/2026 was taken as a day"
grep -q -- "--from" "$STATE/day.log" && grep -q "30/09/2026" "$STATE/day.log" ||
  { cat "$STATE/day.log"; fail "the refusal does not name the flag and the forms"; }
"$CLI" delegations create --id press-visit --direction inbound --visitor-kind foreign-press \
  --visitors-country JP --purpose research --agency SNGV --title "Phóng viên NHK" \
  --from "$from" --to "$to" --member "Tanaka Hiro|Phóng viên|NHK|JP" \
  --funding self-funded >/dev/null || fail "delegation refused"
"$CLI" delegations submit press-visit >/dev/null || fail "submit refused"
"$CLI" delegations review press-visit >/dev/null || fail "review refused"
if "$CLI" delegations forward press-visit 2>"$STATE/forward.log"; then
  fail "a press visit was forwarded without the Police's opinion"
fi
grep -q "police-opinion" "$STATE/forward.log" || { cat "$STATE/forward.log"; fail "rule not named"; }
police=$("$CLI" token issue --subject an --agency CA --role officer --ttl 5m)
"$CLI" --token "$police" delegations opinion press-visit --agency CA \
  --text "Đồng ý, bố trí cán bộ đi cùng" >/dev/null || fail "the Police's opinion refused"
"$CLI" delegations forward press-visit >/dev/null || fail "forward refused"
"$CLI" delegations approve press-visit --number 1/QĐ-UBND --date "$(date +%F)" \
  --signer UBND/tran-luu-quang --capacity "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" >/dev/null ||
  fail "approval refused"
"$CLI" delegations amend press-visit --number 2/QĐ-UBND --date "$(date +%F)" \
  --signer UBND/tran-luu-quang --summary "Đến sớm" \
  --from "$(date -u -d "+7 hours" +%F)" --to "$(date -u -d "+7 hours +2 days" +%F)" \
  --justify "submitted-in-time=Phóng viên đến sớm theo lịch tác nghiệp" >/dev/null ||
  fail "the amendment moving the visit's dates was refused"
"$CLI" delegations depart press-visit >/dev/null || fail "depart refused"
"$CLI" delegations outcome press-visit --follow-up "Gửi tư liệu về cửa khẩu Mộc Bài" \
  --pledge "Học bổng|50000|USD" >/dev/null || fail "outcome refused"
follow_ups=0
for _ in $(seq 1 50); do
  follow_ups=$("$CLI" -o csv duties list "follow-up-$(date -u -d "+7 hours" +%Y)" 2>/dev/null | tail -n +2 | wc -l)
  [ "$follow_ups" -gt 0 ] && break
  sleep 0.2
done
[ "$follow_ups" -eq 1 ] || fail "the visit's follow-up duty did not reach tasks ($follow_ups)"

# An agreement is not signed before the UBND approves it.
"$CLI" agreements create --id mou --agency SCT --party "Svay Rieng" --country KH \
  --subject "Hợp tác thương mại biên giới" >/dev/null || fail "agreement refused"
"$CLI" agreements submit mou >/dev/null || fail "agreement submit refused"
if "$CLI" agreements sign mou --date "$(date +%F)" --signer "Ông A" 2>"$STATE/sign.log"; then
  fail "an agreement was signed without the UBND's approval"
fi
grep -q "FAILED_PRECONDITION" "$STATE/sign.log" || { cat "$STATE/sign.log"; fail "sign not refused"; }
"$CLI" agreements reject mou --reason "Chưa đủ hồ sơ" | grep -q REJECTED || fail "reject refused"

step "notifications"
# What the visit told the agencies: DOFA's inbox has it, in Vietnamese; the
# Police's officer may not read DOFA's inbox; the event stream replays it
# from a cursor.
told=0
for _ in $(seq 1 50); do
  told=$("$CLI" notifications list SNGV --limit 50 \
    --type 'ngoaivu.delegations.v1.delegation.approved' | { grep -c "Phóng viên NHK" || true; })
  [ "$told" -gt 0 ] && break
  sleep 0.2
done
[ "$told" -eq 1 ] || fail "DOFA's inbox does not name the approved visit once ($told)"
if "$CLI" --token "$police" notifications list SNGV 2>"$STATE/inbox.log"; then
  fail "the Police's officer read DOFA's inbox"
fi
grep -q PERMISSION_DENIED "$STATE/inbox.log" || fail "expected PERMISSION_DENIED for another inbox"
# Without --follow it returns once caught up, not at the next heartbeat
# (15 s by default).
started=$SECONDS
"$CLI" events tail >/dev/null 2>"$STATE/cursor.log" || fail "events tail failed"
[ $((SECONDS - started)) -le 5 ] || fail "events tail took $((SECONDS - started)) s to return"
cursor=$(sed -n 's/^cursor: //p' "$STATE/cursor.log")
[ -n "$cursor" ] || fail "events tail gave no cursor"
"$CLI" agreements create --id mou-2 --agency SCT --party "Svay Rieng" --country KH \
  --subject "Hợp tác văn hoá" >/dev/null || fail "second agreement refused"
"$CLI" events tail --after "$cursor" --type 'ngoaivu.delegations.*' >"$STATE/tail.log" 2>/dev/null ||
  fail "events tail --after failed"
grep -q "agreement.created  agreements/mou-2" "$STATE/tail.log" ||
  { cat "$STATE/tail.log"; fail "events tail --after lacks the new agreement"; }
[ "$(wc -l <"$STATE/tail.log")" -eq 1 ] || { cat "$STATE/tail.log"; fail "events tail gave more than what followed the cursor"; }
# Ctrl-C (and SIGTERM) end --follow with the cursor printed and exit 0;
# resuming from it gives what was written after.
for signal in INT TERM; do
  "$CLI" events tail --follow --type 'ngoaivu.delegations.*' >"$STATE/follow.log" 2>"$STATE/follow.err" &
  follower=$!
  sleep 1
  "$CLI" agreements create --id "mou-${signal,,}" --agency SCT --party "Svay Rieng" --country KH \
    --subject "Hợp tác" >/dev/null || fail "agreement mou-$signal refused"
  for _ in $(seq 50); do grep -q "mou-${signal,,}" "$STATE/follow.log" && break; sleep 0.1; done
  kill -"$signal" "$follower"
  wait "$follower" || fail "events tail --follow exited $? on SIG$signal"
  grep -q "agreements/mou-${signal,,}" "$STATE/follow.log" || fail "--follow missed mou-$signal"
  followed=$(sed -n 's/^cursor: //p' "$STATE/follow.err")
  [ -n "$followed" ] || { cat "$STATE/follow.err"; fail "no cursor after SIG$signal"; }
  [ -z "$("$CLI" events tail --after "$followed" --type 'ngoaivu.delegations.*' 2>/dev/null)" ] ||
    fail "the cursor printed on SIG$signal is not where --follow stopped"
done
# --follow outlives a restart of the notifications service (a rollout): what
# was committed while it was down comes once it is back, once.
"$CLI" events tail --follow --type 'ngoaivu.delegations.*' >"$STATE/across.log" 2>"$STATE/across.err" &
follower=$!
sleep 1
"$ROOT/deploy/local/stop.sh" notifications >/dev/null || fail "stop.sh notifications failed"
"$CLI" agreements create --id mou-restart --agency SCT --party "Svay Rieng" --country KH \
  --subject "Hợp tác" >/dev/null || fail "agreement mou-restart refused"
timeout 240 "$ROOT/deploy/local/run.sh" --detach >"$STATE/restart.log" 2>&1 ||
  { cat "$STATE/restart.log"; fail "run.sh did not start notifications again"; }
for _ in $(seq 100); do grep -q "mou-restart" "$STATE/across.log" && break; sleep 0.1; done
kill -INT "$follower"
wait "$follower" || fail "events tail --follow exited $? after the restart"
[ "$(grep -c "agreements/mou-restart" "$STATE/across.log")" -eq 1 ] ||
  { cat "$STATE/across.log" "$STATE/across.err"; fail "--follow did not give mou-restart once across the restart"; }
grep -q "following again" "$STATE/across.err" || { cat "$STATE/across.err"; fail "the outage was not said"; }
# A new reader may start from the oldest event kept: every agency imported.
oldest=$("$CLI" events tail --from-oldest --type 'ngoaivu.registry.v1.agency.created' 2>/dev/null | wc -l)
[ "$oldest" -ge 29 ] || fail "events tail --from-oldest gave $oldest agency creations"

# A webhook aimed inside the network is refused, naming the field.
if "$CLI" --token "$(
  "$CLI" token issue --subject e-office --agency SNGV --role system --ttl 5m)" \
  subscriptions create --id metadata --webhook https://169.254.169.254/latest/meta-data/ \
  2>"$STATE/ssrf.log"; then
  fail "a webhook to the metadata endpoint was accepted"
fi
grep -q "subscription.webhook_url" "$STATE/ssrf.log" || { cat "$STATE/ssrf.log"; fail "field not named"; }

# Another system subscribes to agreements; nothing listens at its address,
# so the delivery is attempted, fails, and waits for its retry.
eoffice=$("$CLI" token issue --subject e-office --agency SNGV --role system --ttl 5m)
"$CLI" --token "$eoffice" subscriptions create --id e-office --webhook http://127.0.0.1:9/hook \
  --type 'ngoaivu.delegations.v1.agreement.*' | grep -q "whsec_" || fail "subscription refused"
"$CLI" --token "$eoffice" history subscriptions/e-office | grep -q "subscription.created" ||
  fail "the subscription has no history"
"$CLI" agreements create --id mou-3 --agency SCT --party "Svay Rieng" --country KH \
  --subject "Hợp tác y tế" >/dev/null || fail "third agreement refused"
tried=""
for _ in $(seq 1 50); do
  tried=$("$CLI" --token "$eoffice" -o csv subscriptions deliveries e-office | tail -n +2)
  [[ "$tried" == *"127.0.0.1:9"* ]] && break
  sleep 0.2
done
[[ "$tried" == *"pending,1,ngoaivu.delegations.v1.agreement.created"* ]] ||
  { echo "$tried"; fail "the webhook delivery was not attempted once and rescheduled"; }

step "run.sh again"
timeout 240 "$ROOT/deploy/local/run.sh" --detach >"$STATE/second.log" 2>&1 || fail "second run failed"
grep -q "loading the synthetic history" "$STATE/second.log" && fail "the history was loaded twice"
grep -q "province's data was imported at .*: not imported again" "$STATE/second.log" ||
  { cat "$STATE/second.log"; fail "the second start did not say the data was imported before"; }
grep -q "importing" "$STATE/second.log" && fail "the second start imported again"
grep -q "programme-2488-QD-UBND-2011.yaml: 25 created, 0 unchanged, 0 failed" "$STATE/first.log" ||
  { cat "$STATE/first.log"; fail "the programme, its 23 duties and its activation did not all happen"; }
# Importing the same files again by hand changes nothing.
"$NGOAIVU_BUILD/bin/ngoaivu" import "$ROOT/deploy/data/tay-ninh-agencies.yaml" |
  grep -Eq "0 created, 0 updated, [0-9]+ unchanged, 0 failed" || fail "a second agency import changed something"
"$NGOAIVU_BUILD/bin/ngoaivu" programmes import "$ROOT/deploy/data/programme-2488-QD-UBND-2011.yaml" |
  grep -q "0 created, 24 unchanged, 0 failed" || fail "a second programme import changed something"
"$NGOAIVU_BUILD/bin/ngoaivu" programmes list | grep -q "ACTIVE" || fail "programme not active"
# DOFA's officer works on its follow-up duty (IV.12) from the CLI.
dofa=$("$NGOAIVU_BUILD/bin/ngoaivu" token issue --subject hoa --agency SNGV --role officer --ttl 5m)
follow_up=programmes/2488-qd-ubnd-2011/duties/iv-12-follow-up-and-urge/obligations/sngv
"$NGOAIVU_BUILD/bin/ngoaivu" --token "$dofa" obligations report "$follow_up" \
  --text "Đã tổng hợp tình hình quý IV" --percent 60 >/dev/null || fail "report refused"
"$NGOAIVU_BUILD/bin/ngoaivu" obligations get "$follow_up" | grep -q "IN_PROGRESS" ||
  fail "the report did not start the obligation"

step "the programme report"
CLI="$NGOAIVU_BUILD/bin/ngoaivu"
PROGRAMME=programmes/2488-qd-ubnd-2011
# The report's counters agree with the obligations listed duty by duty.
duties=$("$CLI" -o csv duties list "$PROGRAMME" | tail -n +2 | cut -d, -f1)
[ "$(echo "$duties" | wc -l)" -eq 23 ] || fail "expected the data's 23 duties"
listed=0
for duty in $duties; do
  n=$("$CLI" -o csv obligations list --duty "$PROGRAMME/duties/$duty" | tail -n +2 | wc -l)
  listed=$((listed + n))
done
reported=$("$CLI" -o csv report programme "$PROGRAMME" | awk -F, '$1 == "programme" { print $3 }')
[ "$listed" -gt 0 ] && [ "$listed" -eq "$reported" ] ||
  fail "report counts $reported obligations, the duties list $listed"
grep -q "The worst overdue obligations" "$STATE/first.log" || fail "summary lacks the late ones"
# DOFA's first question, from the index the report keeps: everything late in
# the programme, as many as the report counts overdue. Global flags go after
# the subcommand too (-o csv).
# On day one nothing is late: what was due before tracking is counted apart
# (the registrations, less SCT's that DOFA gave a new date).
late=$("$CLI" obligations list --programme 2488-qd-ubnd-2011 --late -o csv | tail -n +2 | wc -l)
overdue=$("$CLI" report programme "$PROGRAMME" -o csv | awk -F, '$1 == "programme" { print $10 }')
[ "$late" -eq "$overdue" ] || fail "listed $late late obligations, the report counts $overdue"
untracked=$("$CLI" report programme "$PROGRAMME" -o csv | awk -F, '$1 == "programme" { print $14 }' | tr -d '\r')
[ "$untracked" -eq 20 ] || fail "the report counts $untracked obligations due before tracking, not 20"
json=$("$CLI" agencies list -o json --timeout 5)
[[ "$json" == *'"agencies"'* ]] || fail "-o json after the subcommand was not taken"
# JSON a script can rely on: an event's payload in full (with its type and
# whether it was a backfill), an empty list as [], zeros as 0; CSV where
# asked; health as JSON.
"$CLI" -o json history agencies/SCT 2>"$STATE/json.err" >"$STATE/history.json"
[ ! -s "$STATE/json.err" ] || { cat "$STATE/json.err"; fail "history -o json complained"; }
python3 - "$STATE/history.json" <<'PY' || fail "history -o json is not the events in full"
import json, sys
events = json.load(open(sys.argv[1]))["events"]
first = events[0]
assert first["data"]["@type"].endswith("ngoaivu.registry.v1.AgencyCreated"), first
assert first["data"]["agency"]["display_name"], first
assert first["backfill"] is True, first  # the registry file is a backfill
PY
"$CLI" -o json obligations list --agency CA --state ACCEPTED | python3 -c '
import json, sys; d = json.load(sys.stdin); assert d["obligations"] == [], d' ||
  fail "an empty list is not []"
"$CLI" -o json report compliance "$PROGRAMME/duties/iv-9-annual-registration" --period 2025 |
  python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["missing"] == 0 and d["rows"] == [], d' ||
  fail "zeros and empty lists are left out of JSON"
"$CLI" -o csv agencies get SCT | head -1 | grep -q "^FIELD,VALUE" || fail "agencies get ignores -o csv"
[ "$("$CLI" -o csv --bom agencies list | head -c 3 | od -An -tx1 | tr -d ' ')" = efbbbf ] ||
  fail "--bom did not start the CSV with a byte-order mark"
# One JSON object per line: a list's items, a stream's events.
"$CLI" -o jsonl agencies list | python3 -c '
import json, sys
lines = sys.stdin.read().splitlines()
assert len(lines) >= 29 and all(json.loads(l)["name"].startswith("agencies/") for l in lines)' ||
  fail "-o jsonl agencies list is not one agency per line"
"$CLI" -o jsonl events tail --from-oldest --type 'ngoaivu.registry.*' 2>/dev/null | python3 -c '
import json, sys
lines = sys.stdin.read().splitlines()
assert len(lines) >= 29 and all(json.loads(l)["event"]["type"].startswith("ngoaivu.registry.") for l in lines)' ||
  fail "-o jsonl events tail is not one event per line"
"$CLI" -o csv history agencies/SCT | head -1 | grep -q "^TIME,EVENT" || fail "history ignores -o csv"
"$CLI" -o json health | python3 -c '
import json, sys; d = json.load(sys.stdin); assert {s["state"] for s in d} == {"SERVING"}, d' ||
  fail "health -o json is not JSON"
# A table shows 50 rows and says how to see the rest; JSON and CSV are
# whole (the 2006-2010 history alone is 493 trips).
"$CLI" delegations list >"$STATE/list.out" 2>"$STATE/list.err"
[ "$(tail -n +2 "$STATE/list.out" | wc -l)" -eq 50 ] || fail "a table list is not cut at 50 rows"
grep -Eq "^[0-9]+ more not shown: --limit [0-9]+ \(or 0\) shows them all" "$STATE/list.err" ||
  { cat "$STATE/list.err"; fail "no 'more not shown' hint"; }
[ "$("$CLI" -o csv delegations list | tail -n +2 | wc -l)" -gt 493 ] || fail "CSV was cut"
[ "$("$CLI" delegations list --limit 0 | tail -n +2 | wc -l)" -gt 493 ] || fail "--limit 0 was cut"
# Days as the province writes them, agencies by code, long text cut in a
# table and whole in -o wide.
"$CLI" delegations list --limit 1 | grep -Eq "  UBND +[0-9]{2}/[0-9]{2}/2006 .* KH Campuchia " ||
  fail "a delegation's row lacks its agency code, a dd/MM/yyyy day or its country's name"
long_title=$("$CLI" -o wide notifications list SNGV --limit 0 | awk 'length($0) > m { m = length($0) } END { print m }')
short_title=$("$CLI" notifications list SNGV --limit 0 | awk 'length($0) > m { m = length($0) } END { print m }')
[ "$short_title" -lt "$long_title" ] || fail "-o wide is not wider than a table ($long_title vs $short_title)"
# Reports name the agencies beside their codes.
"$CLI" report compliance "$PROGRAMME/duties/iv-9-annual-registration" --period 2026 |
  grep -q "^SCT .*Sở Công thương" || fail "the compliance matrix does not name SCT"
"$CLI" -o csv report programme "$PROGRAMME" | grep -q "^agency,agencies/SCT,.*,Sở Công thương" ||
  fail "the programme report does not name SCT"
# An official is shown by name and position, not by id.
"$CLI" delegations create --id names-shown --title "Khảo sát" --agency SCT --country KH \
  --from "$(date -d "+50 days" +%F)" --to "$(date -d "+52 days" +%F)" \
  --member UBND/tran-luu-quang >/dev/null || fail "draft refused"
"$CLI" delegations get names-shown | grep -q "^head  *Trần Lưu Quang, Phó Chủ tịch" ||
  fail "the head is not shown by name"
# In Vietnamese: headers, labels and states; data as kept; JSON unchanged.
LANG=vi_VN.UTF-8 "$CLI" obligations list --agency SCT >"$STATE/vi.out"
head -1 "$STATE/vi.out" | grep -q "CƠ QUAN .*TRẠNG THÁI" || { cat "$STATE/vi.out"; fail "headers not in Vietnamese"; }
grep -q "ĐANG MỞ" "$STATE/vi.out" || fail "states not in Vietnamese"
"$CLI" --lang vi agencies get SCT | grep -q "^tên  *Sở Công" || fail "field labels not in Vietnamese"
"$CLI" --lang vi -o json obligations list --agency SCT | grep -q '"state": "OPEN"' ||
  fail "JSON changed with the language"

step "a merge"
# A merge in the registry reaches the running tasks service through its
# events: the merged department's open obligations move to its successor.
"$CLI" agencies merge STTTT --into SVHTTDL --reason "Hợp nhất" >/dev/null || fail "merge refused"
moved=0
for _ in $(seq 1 50); do
  moved=$("$CLI" -o json obligations list --agency SVHTTDL | { grep -c '"reassigned_from"' || true; })
  [ "$moved" -gt 0 ] && break
  sleep 0.2
done
[ "$moved" -gt 0 ] || fail "the merge did not move STTTT's obligations"
[ -z "$("$CLI" -o csv obligations list --agency STTTT --state OPEN | tail -n +2)" ] ||
  fail "STTTT still has open obligations after its merge"

"$CLI" agencies get SNGV | grep -q "Sở Ngoại vụ" || fail "CLI cannot read as admin"
# registry-server keeps the answers of repeated agency reads (main wires its
# response cache); the merge above was seen all the same.
hits=""
for _ in $(seq 20); do
  "$CLI" agencies get SNGV >/dev/null
  curl -fsS "http://127.0.0.1:$NGOAIVU_REGISTRY_METRICS_PORT/metrics" >"$STATE/registry-metrics.txt" ||
    fail "the registry's metrics are unreachable"
  hits=$(sed -n 's/^ngoaivu_response_cache_total{outcome="hit"} //p' "$STATE/registry-metrics.txt")
  [ "${hits:-0}" != 0 ] && break
  sleep 0.1
done
[ "${hits:-0}" != 0 ] || { grep response_cache "$STATE/registry-metrics.txt"; fail "registry-server does not keep agency answers"; }
"$CLI" groups get border-districts | grep -q "5 members" || fail "group missing"
officer=$("$CLI" token issue --subject lan --agency SNGV --role officer --ttl 5m)
if "$CLI" --token "$officer" agencies dissolve SCT --reason x 2>"$STATE/denied.log"; then
  fail "an officer dissolved an agency"
fi
grep -q PERMISSION_DENIED "$STATE/denied.log" || fail "expected PERMISSION_DENIED"
"$CLI" --token "$officer" agencies update SNGV --phone "0276 3822 000" >/dev/null ||
  fail "an officer cannot update his own agency"
"$CLI" history agencies/SNGV | grep -q "lan" || fail "history lacks the officer's change"

kill -0 "$(cat "$STATE/run/tasks.pid")" 2>/dev/null || fail "tasks-server is not running"
(exec 3<>"/dev/tcp/127.0.0.1/$NGOAIVU_TASKS_PORT") 2>/dev/null || fail "tasks-server is not listening"
kill -0 "$(cat "$STATE/run/delegations.pid")" 2>/dev/null || fail "delegations-server is not running"
kill -0 "$(cat "$STATE/run/notifications.pid")" 2>/dev/null || fail "notifications-server is not running"
(exec 3<>"/dev/tcp/127.0.0.1/$NGOAIVU_DELEGATIONS_PORT") 2>/dev/null ||
  fail "delegations-server is not listening"

# Every server exits within two seconds of SIGTERM (no call in flight), and
# stop.sh returns once all are gone.
"$ROOT/deploy/local/stop.sh" >"$STATE/stop.log"
for name in notifications delegations tasks registry redis; do
  ms=$(sed -n "s/^stopped $name (\([0-9]*\) ms)$/\1/p" "$STATE/stop.log")
  [ -n "$ms" ] || { cat "$STATE/stop.log"; fail "stop.sh did not stop $name"; }
  [ "$ms" -le 2000 ] || { cat "$STATE/stop.log"; fail "$name took ${ms} ms to stop"; }
done
for port in "$NGOAIVU_REGISTRY_PORT" "$NGOAIVU_TASKS_PORT" "$NGOAIVU_DELEGATIONS_PORT" \
  "$NGOAIVU_NOTIFICATIONS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port still listening after stop.sh"
  fi
done

step "the CLI when the suite is down"
# Every service asked at once, each within its timeout.
started=$SECONDS
"$CLI" --timeout 5 health >"$STATE/down.log" 2>&1 && fail "health said a stopped suite serves"
[ $((SECONDS - started)) -le 3 ] || fail "health took $((SECONDS - started)) s on a stopped suite"
[ "$(grep -c ": UNREACHABLE" "$STATE/down.log")" -eq 4 ] || { cat "$STATE/down.log"; fail "not every service said unreachable"; }
# A call to a stopped service names it, its address, and what to try.
"$CLI" obligations list --agency SCT 2>"$STATE/down.log" && fail "a stopped tasks service answered"
grep -q "the tasks service at 127.0.0.1:$NGOAIVU_TASKS_PORT is not answering" "$STATE/down.log" &&
  grep -q "ngoaivu health" "$STATE/down.log" || { cat "$STATE/down.log"; fail "the stopped service is not named"; }

step "the CLI in a shell"
# Its version, a mistyped command with the nearest one and exit code 109,
# and completion generated from its own commands.
"$CLI" --version | grep -q "^ngoaivu [0-9]" || fail "no --version"
"$CLI" version | grep -q "^ngoaivu [0-9]" || fail "no version command"
set +e
"$CLI" agencies lst 2>"$STATE/typo.log"
code=$?
set -e
[ "$code" -eq 109 ] || fail "a mistyped command exited $code, not 109"
grep -q "did you mean 'list'" "$STATE/typo.log" || { cat "$STATE/typo.log"; fail "no suggestion"; }
"$CLI" completion bash >"$STATE/completion.bash"
completed=$(bash -c 'source "$1"; COMP_WORDS=(ngoaivu obligations res); COMP_CWORD=2; _ngoaivu
  echo "${COMPREPLY[@]}"' _ "$STATE/completion.bash")
[ "$completed" = "reschedule" ] || fail "bash completion of 'obligations res' gave '$completed'"
"$CLI" completion fish | grep -q "__fish_use_subcommand' -a '.*agencies" || fail "no fish completion"

step "a start that fails part-way"
# Another program holds the notifications port: run.sh says so at once and
# stops what it started, leaving nothing half-running.
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(120)' \
  "$NGOAIVU_NOTIFICATIONS_PORT" &
squatter=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$NGOAIVU_NOTIFICATIONS_PORT") 2>/dev/null && break; sleep 0.1; done
started=$SECONDS
if timeout 120 "$ROOT/deploy/local/run.sh" --detach >"$STATE/taken.log" 2>&1; then
  kill "$squatter"; fail "run.sh started with its notifications port taken"
fi
kill "$squatter"
[ $((SECONDS - started)) -le 30 ] || fail "run.sh took $((SECONDS - started)) s to give up"
grep -q "notifications-server exited" "$STATE/taken.log" || { cat "$STATE/taken.log"; fail "run.sh did not name the server that failed"; }
grep -q "stopping what it started: .*registry.*redis" "$STATE/taken.log" ||
  { cat "$STATE/taken.log"; fail "run.sh did not stop what it started"; }
for port in "$NGOAIVU_REGISTRY_PORT" "$NGOAIVU_TASKS_PORT" "$NGOAIVU_DELEGATIONS_PORT" \
  "$NGOAIVU_REDIS_PORT"; do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && fail "port $port left listening by a failed run.sh"
done
echo "local suite: started, imported once, served, refused, stopped"
