#!/usr/bin/env bash
# The REST/JSON gateway as run.sh starts it, in front of the real services:
# reads and writes of every service through AIP-127 paths with a bearer
# token, the same rights as over gRPC, and bad input answered 4xx with
# google.rpc.Status JSON and nothing written.
set -euo pipefail
source "$(dirname "$0")/suite_env.sh"
# More streams than the gateway's 16 standing workers, and a limit to pass.
export NGOAIVU_GATEWAY_MAX_STREAMS=24

step "run.sh"
suite_start "$STATE/run.log"
# The scheduler's first pass opens this period's obligations.
wait_quiet
GW=http://127.0.0.1:$NGOAIVU_GATEWAY_PORT
ADMIN=$("$CLI" token issue --offline --subject admin --agency UBND --role admin --ttl 1h)
SYSTEM=$("$CLI" token issue --subject e-office --agency SNGV --role system --ttl 1h)
OFFICER=$("$CLI" token issue --subject an.tran --agency SCT --role officer --ttl 1h)
call() {  # token method path [body] -> body on stdout, status in $STATE/code
  local token=$1 method=$2 path=$3 body=${4:-}
  curl -s -m 30 -o "$STATE/answer" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    ${body:+--data-binary "$body"} "$GW$path" >"$STATE/code"
  cat "$STATE/answer"
}
expect() {  # status what
  [ "$(cat "$STATE/code")" = "$1" ] || { cat "$STATE/answer"; fail "$2: HTTP $(cat "$STATE/code"), not $1"; }
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

for _ in $(seq 50); do curl -s "$GW/healthz" >/dev/null && break; sleep 0.1; done
step "reads"
[ "$(curl -s "$GW/healthz")" = '{"status":"SERVING"}' ] || fail "gateway health"
n=$(call "$SYSTEM" GET "/v1/agencies?page_size=100" | json 'len(d["agencies"])')
expect 200 "list agencies"
[ "$n" -eq 29 ] || fail "listed $n agencies, not 29"
call "$SYSTEM" GET /v1/agencies/SCT | json 'd["displayName"]' | grep -qx "Sở Công thương" ||
  fail "GetAgency by its path"
open=$(call "$SYSTEM" GET "/v1/obligations?agency=agencies/SCT&state=OPEN" | json 'len(d["obligations"])')
expect 200 "an agency's open obligations"
[ "$open" -ge 4 ] || fail "SCT has $open open obligations"
call "$SYSTEM" GET "/v1/delegations:statistics?from.year=2006&to.year=2010&group_by=COUNTRY" |
  json 'd["total"]["decisions"]' | grep -qx 493 || fail "statistics through the gateway"

# A kept-alive connection answers at once: 100 calls on one connection
# take no longer than 100 on new connections (each its own handshake), not
# 100 x 40 ms of Nagle waiting for delayed ACKs. Relative, so a busy
# machine slows both alike.
urls=()  # each URL with its own -o: curl's -o applies to one URL
for _ in $(seq 100); do urls+=(-o /dev/null "$GW/v1/agencies/SCT"); done
elapsed_ms() {  # curl arguments...
  local started
  started=$(date +%s%N)
  curl -s -H "Authorization: Bearer $SYSTEM" "$@"
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}
kept=$(elapsed_ms "${urls[@]}")
fresh=$(elapsed_ms -H "Connection: close" "${urls[@]}")
[ "$kept" -le $((fresh * 2 + 500)) ] ||
  fail "100 calls on one connection took $kept ms, on new connections $fresh ms"
echo "   100 calls: $kept ms on one connection, $fresh ms on new ones"
# And the connection is kept for all of them (not closed every few calls).
connects=$(curl -s -w '%{num_connects}\n' -H "Authorization: Bearer $SYSTEM" \
  "${urls[@]}" | awk '{ n += $1; calls++ } END { print n, calls }')
[ "$connects" = "1 100" ] || fail "100 calls took $connects connections and calls, not 1 100"

step "writes, with the caller's rights"
O=programmes/2488-qd-ubnd-2011/duties/iv-3-border-trade/obligations/sct
call "$OFFICER" POST "/v1/$O/reports?request_id=gw-report-1" \
  '{"text": "Đã tổ chức hội nghị", "percentComplete": 40}' >/dev/null
expect 200 "an officer files a report"
[ "$("$CLI" -o json obligations get "$O" | json 'd["percent_complete"]')" = 40 ] ||
  fail "the report did not reach the obligation"
call "$OFFICER" POST "/v1/$O/reports?request_id=gw-report-1" \
  '{"text": "Đã tổ chức hội nghị", "percentComplete": 40}' >/dev/null
expect 200 "the same request id again"
[ "$("$CLI" -o json obligations reports "$O" | json 'len(d["reports"])')" = 1 ] ||
  fail "a retried request id filed twice"
call "$OFFICER" POST /v1/agencies/SCT:dissolve '{"reason": "x"}' | json 'd["error"]["status"]' |
  grep -qx PERMISSION_DENIED || fail "an officer dissolved an agency"
expect 403 "an officer may not dissolve"
call "" GET /v1/agencies >/dev/null
expect 401 "no token"
from=$(date -d "+60 days" +%F)
call "$OFFICER" POST "/v1/delegations?delegation_id=gw-trip&request_id=gw-trip-1" "{
  \"title\": \"Khảo sát thị trường\", \"direction\": \"OUTBOUND\", \"purpose\": \"WORK\",
  \"agency\": \"agencies/SCT\", \"destinations\": [{\"country\": \"KH\", \"days\": 3}],
  \"startDate\": {\"year\": ${from:0:4}, \"month\": $((10#${from:5:2})), \"day\": $((10#${from:8:2}))},
  \"endDate\": {\"year\": ${from:0:4}, \"month\": $((10#${from:5:2})), \"day\": $((10#${from:8:2}))},
  \"funding\": \"STATE_BUDGET\",
  \"members\": [{\"official\": \"agencies/UBND/officials/tran-luu-quang\"}]}" >/dev/null
expect 200 "a delegation request"
"$CLI" delegations get gw-trip | grep -q "Khảo sát thị trường" || fail "the delegation was not created"
# PATCH with update_mask in the query; the caller's trace context reaches
# the event the change writes.
trace=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
curl -s -o "$STATE/answer" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $ADMIN" \
  -H "traceparent: $trace" --data-binary '{"contact": {"phone": "0276 3822 999"}}' \
  "$GW/v1/agencies/SNGV?update_mask=contact.phone&request_id=gw-patch-1" >"$STATE/code"
expect 200 "PATCH an agency"
"$CLI" -o json agencies get SNGV | json 'd["contact"]["phone"]' | grep -qx "0276 3822 999" || fail "PATCH did not change the phone"
"$CLI" -o jsonl events tail --from-oldest --type 'ngoaivu.registry.v1.agency.updated' 2>/dev/null |
  grep -q "4bf92f3577b34da6a3ce929d0e0e4736" || fail "the traceparent did not reach the event"
# The caller's deadline: a malformed one is refused, one too short for the
# call is 504.
code=$(curl -s -o "$STATE/answer" -w '%{http_code}' -H "Authorization: Bearer $SYSTEM" \
  -H "X-Server-Timeout: soon" "$GW/v1/agencies/SCT")
[ "$code" = 400 ] || fail "X-Server-Timeout: soon answered $code"
code=$(curl -s -o "$STATE/answer" -w '%{http_code}' -H "Authorization: Bearer $SYSTEM" \
  -H "X-Server-Timeout: 0.000001" "$GW/v1/agencies?page_size=100")
[ "$code" = 504 ] || { cat "$STATE/answer"; fail "a microsecond's deadline answered $code, not 504"; }

step "bad input: 4xx, google.rpc.Status, nothing written"
wait_quiet
before="$(redis_admin dbsize) $(redis_admin xlen '{registry}:events')"
call "$ADMIN" POST "/v1/agencies?agency_id=BAD1" '{"displayName": ' >/dev/null
expect 400 "malformed JSON"
call "$ADMIN" POST "/v1/agencies?agency_id=BAD2" '{"displayName": "A", "colour": "red"}' |
  json 'd["error"]["message"]' | grep -q colour || fail "the unknown field is not named"
expect 400 "an unknown field"
# The gateway's own refusals carry a field violation, as the services' do.
call "$ADMIN" GET "/v1/agencies?page_size=many" |
  json '[v["field"] for x in d["error"]["details"] for v in x.get("fieldViolations", [])]' |
  grep -q page_size || fail "a bad query parameter has no field violation"
expect 400 "an unknown field"
call "$ADMIN" POST "/v1/agencies?agency_id=BAD3" '{"displayName": 7}' >/dev/null
expect 400 "a wrong type"
call "$ADMIN" GET "/v1/agencies?page_size=many" | json 'd["error"]["status"]' | grep -qx INVALID_ARGUMENT ||
  fail "a bad query parameter"
call "$ADMIN" POST "/v1/agencies?agency_id=bad" '{"displayName": "A", "kind": "DEPARTMENT"}' |
  json '[v["field"] for x in d["error"]["details"] for v in x.get("fieldViolations", [])]' |
  grep -q agency_id || fail "the service's field violations are not passed on"
expect 400 "an invalid code"
call "$ADMIN" GET /v1/nothing/here >/dev/null
expect 404 "a path that names no method"
call "$ADMIN" GET /v1/agencies/NOPE >/dev/null
expect 404 "an agency that does not exist"
head -c 2000000 /dev/zero | tr '\0' 'a' | sed 's/^/{"displayName": "/; s/$/"}/' >"$STATE/big.json"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN" \
  --data-binary @"$STATE/big.json" "$GW/v1/agencies?agency_id=BIG")
[ "$code" = 413 ] || fail "a 2 MB body answered $code, not 413"
after="$(redis_admin dbsize) $(redis_admin xlen '{registry}:events')"
[ "$before" = "$after" ] || fail "bad input changed the store: $before -> $after"
step "the event stream as Server-Sent Events"
"$CLI" events tail >/dev/null 2>"$STATE/cursor.log"
cursor=$(sed -n 's/^cursor: //p' "$STATE/cursor.log")
"$CLI" agencies update SNGV --phone "0276 3822 112" >/dev/null
# Last-Event-ID resumes after the cursor; the event's cursor is its id.
timeout 10 curl -sN -H "Authorization: Bearer $SYSTEM" -H "Last-Event-ID: $cursor" \
  "$GW/v1/events:stream?types=ngoaivu.registry.*" | head -n 3 >"$STATE/sse.txt" || true
grep -q '^id: ' "$STATE/sse.txt" || { cat "$STATE/sse.txt"; fail "no event id"; }
sed -n 's/^data: //p' "$STATE/sse.txt" | json 'd["event"]["type"] + " " + d["event"]["subject"]' |
  grep -qx "ngoaivu.registry.v1.agency.updated agencies/SNGV" ||
  { cat "$STATE/sse.txt"; fail "the stream did not resume after the cursor"; }
# The same with ?after=, and the next event's id resumes past it.
next=$(sed -n 's/^id: //p' "$STATE/sse.txt")
"$CLI" agencies update SNGV --phone "0276 3822 113" >/dev/null
timeout 10 curl -sN -H "Authorization: Bearer $SYSTEM" \
  "$GW/v1/events:stream?types=ngoaivu.registry.*&after=$next" | head -n 3 >"$STATE/sse2.txt" || true
grep -q "0276 3822 113" "$STATE/sse2.txt" || { cat "$STATE/sse2.txt"; fail "?after= did not resume"; }
# A stream still open does not hold the gateway up when it stops.
curl -sN -H "Authorization: Bearer $SYSTEM" "$GW/v1/events:stream" >/dev/null 2>&1 &
sleep 1
"$ROOT/deploy/local/stop.sh" gateway | grep -Eq "stopped gateway \([0-9]{1,3} ms\)" ||
  fail "the gateway took a second or more to stop with a stream open"
# It stopped as it should, not killed by the signal on some thread.
tail -1 "$STATE/logs/gateway.log" | grep -q '"msg":"stopped"' ||
  fail "the gateway did not stop gracefully: $(tail -1 "$STATE/logs/gateway.log")"
suite_start "$STATE/run2.log"
for _ in $(seq 50); do curl -s "$GW/healthz" >/dev/null && break; sleep 0.1; done

step "the OpenAPI document"
curl -s "$GW/openapi.json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["openapi"].startswith("3."), d["openapi"]
ops = {o["operationId"]: (p, m) for p, ms in d["paths"].items() for m, o in ms.items()}
assert ops["RegistryService_GetAgency"] == ("/v1/agencies/{agency}", "get"), ops["RegistryService_GetAgency"]
assert ops["TasksService_CreateProgressReport"][0] == "/v1/programmes/{programme}/duties/{duty}/obligations/{obligation}/reports"
assert ops["DelegationsService_ApproveDelegation"] == ("/v1/delegations/{delegation}:approve", "post")
assert len(ops) >= 94, len(ops)
assert "ngoaivu.registry.v1.Agency" in d["components"]["schemas"]
assert d["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
refs = set()
def walk(x):
    if isinstance(x, dict):
        if "$ref" in x: refs.add(x["$ref"].split("/")[-1])
        for v in x.values(): walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(d)
missing = refs - set(d["components"]["schemas"])
assert not missing, missing
' || fail "the OpenAPI document lacks what the routes serve"
# As an integrating system reads it: a peer's validator, then calls built
# from the document with their answers checked against its schemas.
# (Skipped, as the webhook receivers' test is, where node and npm are not
# installed: tests/peers/install.sh exits 77.)
status=0
peers=$("$ROOT/tests/peers/install.sh" "$NGOAIVU_BUILD") || status=$?
if [ "$status" -eq 77 ]; then
  echo "SKIP: node and npm are not installed; the peer's validator did not run"
else
  [ "$status" -eq 0 ] || fail "the peers' libraries could not be installed"
  (cd "$peers" && node check-openapi.mjs "$GW" "$SYSTEM") || fail "the document failed a peer's checks"
fi

step "more event streams than standing workers; one past the limit refused"
metric() {  # name -> its value, unlabelled
  curl -s "http://127.0.0.1:$NGOAIVU_GATEWAY_METRICS_PORT/metrics" |
    awk -v n="$1" '$1 == n { print $2 + 0 }'
}
streams=()
for _ in $(seq 24); do
  curl -sN -H "Authorization: Bearer $SYSTEM" "$GW/v1/events:stream" >/dev/null 2>&1 &
  streams+=($!)
done
for _ in $(seq 100); do [ "$(metric ngoaivu_gateway_open_streams)" = 24 ] && break; sleep 0.1; done
[ "$(metric ngoaivu_gateway_open_streams)" = 24 ] ||
  fail "$(metric ngoaivu_gateway_open_streams) of 24 streams open"
started=$(date +%s%N)
call "$SYSTEM" GET /v1/agencies/SCT >/dev/null
expect 200 "a call beside 24 open streams"
took_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$took_ms" -lt 1000 ] || fail "a call beside 24 open streams took $took_ms ms"
curl -s -m 5 -o "$STATE/answer" -w '%{http_code}' -H "Authorization: Bearer $SYSTEM" \
  "$GW/v1/events:stream" >"$STATE/code" || true
expect 429 "one stream past --max-streams"
json 'd["error"]["status"]' <"$STATE/answer" | grep -qx RESOURCE_EXHAUSTED ||
  fail "the 25th stream's refusal is not RESOURCE_EXHAUSTED"
kill "${streams[@]}" 2>/dev/null || true
# Read whole first: `grep -q` leaving early would make curl fail (pipefail).
curl -s "http://127.0.0.1:$NGOAIVU_GATEWAY_METRICS_PORT/metrics" >"$STATE/metrics.txt"
grep -q 'ngoaivu_gateway_requests_total{code="200",rpc="ngoaivu.registry.v1.RegistryService/GetAgency"}' \
  "$STATE/metrics.txt" || fail "the gateway's metrics do not count GetAgency"
echo "PASS"
