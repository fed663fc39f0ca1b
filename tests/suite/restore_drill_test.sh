#!/usr/bin/env bash
# The restore drill, on the suite as deployed (deploy/local/run.sh): fill
# all four services through the CLI, with a webhook delivery still being
# retried and the notifications service stopped behind its streams (a
# lagging consumer); back up (deploy/local/backup.sh); destroy Redis and
# its files; restore (deploy/local/restore.sh). Every key (records,
# indexes, stream entries, consumer groups with their positions and
# pending entries) and the Functions must come back byte for byte, and the
# services must carry on from there: the lagging consumer tells each inbox
# once, the pending webhook is delivered once, the scheduler's next passes
# open nothing twice. Then an operator's FLUSHALL is undone from the
# append-only file (restore.sh --to the second before it).
set -euo pipefail
source "$(dirname "$0")/suite_env.sh"
set -E  # a failure inside a function names its line too
# Failed webhook deliveries are tried again within seconds, for long.
export NGOAIVU_DELIVERY_FIRST_BACKOFF_SECONDS=1 NGOAIVU_DELIVERY_MAX_BACKOFF_SECONDS=2
export NGOAIVU_DELIVERY_MAX_ATTEMPTS=50

wait_for() {  # seconds description command...: until the command succeeds
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "$what (after ${seconds}s)"
}
# Every key with its value as Redis serializes it (DUMP: a stream's
# entries, groups, consumers and pending lists included) and whether it
# expires, then each Function library with its code. A hash or set kept as
# a hash table has no fixed order: its members are listed sorted instead.
members() { redis_admin --no-raw "$@" | sed 's/^ *[0-9]*) //'; }
redis_contents() {
  local keys
  keys=$(redis_admin --scan | LC_ALL=C sort)
  [ -n "$keys" ] || return 0
  quoted() { sed 's/[\\"]/\\&/g; s/^/"/; s/$/"/' <<<"$keys"; }
  # One line per reply (CSV: strings quoted and escaped).
  each() { quoted | sed "s/^/$1 /" | redis_admin --csv; }
  paste -d' ' <(echo "$keys") <(each TYPE) <(each "OBJECT ENCODING") <(each DUMP) \
    <(each PTTL | awk '{ print ($NF + 0 > 0) ? "expires" : $NF }') |
    while read -r key type encoding value; do
      case "$encoding:$type" in
        '"hashtable":"hash"') value="$(members hgetall "$key" | paste -d' ' - - | LC_ALL=C sort | tr '\n' ' ')${value##* }" ;;
        '"hashtable":"set"') value="$(members smembers "$key" | LC_ALL=C sort | tr '\n' ' ')${value##* }" ;;
      esac
      echo "$key $encoding $value"
    done
  local library
  for library in $(redis_admin function list | sed -n '/^library_name$/{n;p}' | LC_ALL=C sort); do
    redis_admin --raw function list libraryname "$library" withcode >"$STATE/library"
    echo "function $library $(awk '/^name$/ { getline; print }' "$STATE/library" | LC_ALL=C sort |
      tr '\n' ' ') code $(sed -n '/^library_code$/,$p' "$STATE/library" | sha256sum | cut -c1-16)"
  done
}
# What people and systems read through the APIs.
record_views() {
  "$CLI" -o csv agencies list
  "$CLI" -o csv --limit 0 obligations list --programme 2488-qd-ubnd-2011
  "$CLI" -o csv delegations list
  "$CLI" -o csv agreements list
}
inbox_view() { "$CLI" -o csv --limit 0 notifications list SNGV | LC_ALL=C sort; }
opened_events() {
  redis_admin --raw xrange "{tasks}:events" - + | grep -cx "ngoaivu.tasks.v1.obligation.opened" || true
}

step "run.sh"
suite_start "$STATE/first.log"
wait_quiet

step "filling the four services"
"$CLI" agencies update SCT --phone "0276 3822 111" >/dev/null || fail "agency update refused"
registration=programmes/2488-qd-ubnd-2011/duties/iv-9-annual-registration/obligations/$(date -u -d "+7 hours" +%Y)-sct
"$CLI" obligations reschedule "$registration" --due "$(date -u -d "+7 hours +20 days" +%F)" \
  --reason "Hạn mới" >/dev/null || fail "reschedule refused"
"$CLI" obligations report "$registration" --text "Đã gửi kế hoạch" --percent 100 >/dev/null ||
  fail "report refused"
"$CLI" obligations submit "$registration" >/dev/null || fail "submit refused"
"$CLI" delegations create --id trip --direction outbound --purpose work --agency UBND \
  --title "Làm việc tại Svay Rieng" --country KH --from "$(date -d "+30 days" +%F)" \
  --to "$(date -d "+34 days" +%F)" --member UBND/tran-luu-quang --funding state-budget \
  >/dev/null || fail "trip refused"
"$CLI" delegations submit trip >/dev/null || fail "trip submit refused"
# A webhook whose receiver is down: its delivery is pending, tried again
# and again.
hook_port=$(free_port)
system_token=$("$CLI" token issue --subject e-office --agency SNGV --role system --ttl 30m)
"$CLI" --token "$system_token" subscriptions create --id hook \
  --webhook "http://127.0.0.1:$hook_port/hooks/ngoaivu" \
  --type ngoaivu.delegations.v1.agreement.submitted >/dev/null || fail "subscription refused"
"$CLI" agreements create --id mou-early --agency SCT --party "Svay Rieng" --country KH \
  --subject "Hợp tác thương mại" >/dev/null || fail "agreement refused"
"$CLI" agreements submit mou-early >/dev/null || fail "agreement submit refused"
failed_attempt() {
  grep -q '"attempts": *[1-9]' <<<"$("$CLI" -o json subscriptions deliveries hook --state pending)"
}
wait_for 20 "the webhook's delivery was not tried" failed_attempt
first=$("$CLI" -o csv notifications list SNGV --limit 1 2>/dev/null | tail -n +2 | awk -F, '{ print $NF }' | tr -d '\r')
"$CLI" notifications read "$first" >/dev/null || fail "read refused"

inbox_view >"$STATE/inbox.before" || fail "the inbox did not answer"

step "a lagging consumer: notifications stopped, events after it"
"$ROOT/deploy/local/stop.sh" notifications >/dev/null
"$CLI" agreements create --id mou-late --agency SCT --party "Svay Rieng" --country KH \
  --subject "Hợp tác văn hoá" >/dev/null || fail "second agreement refused"
"$CLI" agreements submit mou-late >/dev/null || fail "second submit refused"
sleep 1
grep -q '^delegations/notifications.* [1-9][0-9]*$' <<<"$(groups_state)" ||
  { groups_state; fail "the notifications service's group does not lag"; }

step "backup"
record_views >"$STATE/records.before" || fail "the APIs did not answer"
opened_before=$(opened_events)
# The services stopped, so nothing moves (a consumer's blocking read moves
# its group's idle time): the picture is exactly what the backup holds.
"$ROOT/deploy/local/stop.sh" gateway delegations tasks registry >/dev/null
redis_contents >"$STATE/redis.before"
groups_state >"$STATE/groups.before"
keys_before=$(redis_admin dbsize)
[ "$keys_before" -gt 1000 ] || fail "only $keys_before keys to back up"
"$ROOT/deploy/local/backup.sh" >"$STATE/backup.log" 2>&1 || { cat "$STATE/backup.log"; fail "backup failed"; }
backup=$(ls "$STATE/backups"/ngoaivu-*.rdb)
(cd "$STATE/backups" && sha256sum -c --quiet "$(basename "$backup").sha256") ||
  fail "the backup's checksum does not match"
grep -qx "keys=$keys_before" "${backup%.rdb}.info" || fail "the backup does not hold $keys_before keys"
# Over a Redis that holds data, a restore refuses and changes nothing.
if "$ROOT/deploy/local/restore.sh" latest >"$STATE/refused.log" 2>&1; then
  fail "a restore replaced a Redis that holds data without --force"
fi
grep -q -- "--force" "$STATE/refused.log" || { cat "$STATE/refused.log"; fail "the refusal does not say how"; }
[ "$(redis_admin dbsize)" = "$keys_before" ] || fail "the refused restore changed Redis"

step "Redis and its files destroyed; restored"
"$ROOT/deploy/local/stop.sh" redis >/dev/null
rm -rf "$STATE/redis"
"$ROOT/deploy/local/restore.sh" --no-start latest >"$STATE/restore.log" 2>&1 ||
  { cat "$STATE/restore.log"; fail "restore failed"; }
# Redis alone, started as run.sh starts it, to compare before anything runs.
redis-server "$STATE/redis.conf" --port "$NGOAIVU_REDIS_PORT" --bind 127.0.0.1 \
  --dir "$STATE/redis" --aclfile "$STATE/redis-acl/users.acl" --daemonize yes \
  --pidfile "$STATE/run/redis.pid" --logfile "$STATE/logs/redis.log"
answers() { [ "$(redis_admin ping 2>/dev/null)" = PONG ]; }
wait_for 30 "the restored Redis did not load" answers
redis_contents >"$STATE/redis.after"
if ! cmp -s "$STATE/redis.before" "$STATE/redis.after"; then
  diff "$STATE/redis.before" "$STATE/redis.after" | cut -c1-160 | head -20 >&2 || true
  fail "the restored Redis differs from what was backed up"
fi
groups_state | diff "$STATE/groups.before" - || fail "consumer groups differ after the restore"
grep -q '^delegations/notifications.* [1-9][0-9]*$' "$STATE/groups.before" ||
  fail "the lag was not in the backup"

step "the services carry on from the snapshot"
python3 -c '
import http.server, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        import json
        event = json.loads(self.rfile.read(int(self.headers["content-length"])))
        with open(sys.argv[2], "a") as out:
            out.write("{} {} {}\n".format(event["id"], event["type"], event["subject"]))
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
' "$hook_port" "$STATE/received" &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; suite_cleanup' EXIT
suite_start "$STATE/second.log"
grep -q "importing" "$STATE/second.log" && { cat "$STATE/second.log"; fail "run.sh imported over the restored data"; }
both_delivered() { [ "$(wc -l <"$STATE/received" 2>/dev/null || echo 0)" -ge 2 ]; }
wait_for 30 "the pending and the lagging deliveries did not arrive" both_delivered
wait_quiet
sleep 3  # more than a retry's backoff: a second delivery would be here
for mou in mou-early mou-late; do
  got=$(grep -c " ngoaivu.delegations.v1.agreement.submitted agreements/$mou\$" "$STATE/received" || true)
  [ "$got" -eq 1 ] || { cat "$STATE/received"; fail "the webhook got $mou's submission $got times"; }
done
told=$("$CLI" -o csv --limit 0 notifications list SNGV --type ngoaivu.delegations.v1.agreement.submitted |
  grep -c "Hợp tác văn hoá" || true)
[ "$told" -eq 1 ] || fail "DOFA's inbox was told of mou-late $told times"
[ "$(opened_events)" = "$opened_before" ] ||
  fail "the scheduler opened obligations again: $opened_before before, $(opened_events) after"
record_views | diff "$STATE/records.before" - ||
  fail "records read through the APIs differ after the restore"
# The inbox has all it had, read as it was, and what the lagging consumer
# told it since.
[ -z "$(inbox_view | LC_ALL=C comm -23 "$STATE/inbox.before" -)" ] ||
  fail "the inbox lost notifications (or their read state) in the restore"

step "restore --force over the running suite, and it starts again"
"$CLI" agencies update SCT --phone "0000" >/dev/null || fail "agency update refused"
"$ROOT/deploy/local/restore.sh" --force latest >"$STATE/force.log" 2>&1 ||
  { cat "$STATE/force.log"; fail "restore --force failed"; }
grep -q "ngoaivu is running" "$STATE/force.log" || fail "restore did not start the suite"
ls -d "$STATE"/redis/replaced-* >/dev/null || fail "the replaced files were not kept"
grep -q "0276 3822 111" <<<"$("$CLI" agencies get SCT)" || fail "SCT is not as backed up"

step "an operator's FLUSHALL undone: back to the second before it"
wait_quiet
agencies_then=$("$CLI" -o csv agencies list | wc -l)
keys_then=$(redis_admin dbsize)
sleep 1.1
before_flush=$(date "+%F %T")
sleep 1.1
redis_admin flushall >/dev/null
# (The running services write again at once: a stream or two, no record.)
[ "$(redis_admin dbsize)" -lt 100 ] || fail "FLUSHALL left $(redis_admin dbsize) keys"
"$ROOT/deploy/local/restore.sh" --to "$before_flush" >"$STATE/rewind.log" 2>&1 ||
  { cat "$STATE/rewind.log"; fail "restore --to failed"; }
grep -q "later writes cut" "$STATE/rewind.log" || { cat "$STATE/rewind.log"; fail "nothing was cut"; }
[ "$("$CLI" -o csv agencies list | wc -l)" = "$agencies_then" ] || fail "the agencies did not come back"
[ "$(redis_admin dbsize)" -ge "$keys_then" ] || fail "keys are missing after the rewind"
# Earlier than the file's last rewrite (the restore above) is refused.
if "$ROOT/deploy/local/restore.sh" --no-start --to "$(date -d "-1 hour" "+%F %T")" >"$STATE/early.log" 2>&1; then
  fail "a time before the append-only file's start was taken"
fi
grep -q "restore a backup taken before" "$STATE/early.log" || { cat "$STATE/early.log"; fail "the refusal does not say why"; }
"$CLI" health >/dev/null || fail "the refused rewind stopped the suite"

step "the archive: ngoaivu export, and import --verify against the suite"
wait_quiet
"$CLI" export "$STATE/archive" >"$STATE/export.log" 2>&1 || { cat "$STATE/export.log"; fail "export failed"; }
# Readable without the suite: JSON lines, counted and checksummed.
(cd "$STATE/archive" && python3 -c '
import hashlib, json, sys
manifest = json.load(open("manifest.json"))
for f in manifest["files"]:
    data = open(f["file"], "rb").read()
    lines = data.splitlines()
    assert len(lines) == f["records"], f
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f
    for line in lines:
        record = json.loads(line)
        assert record.get("name") or record.get("id") or record.get("parent"), (f, line)
print(" ".join("%s=%d" % (f["kind"], f["records"]) for f in manifest["files"]))
' >"$STATE/archive.counts") || fail "the archive does not read as its manifest says"
count_of() { tr ' ' '\n' <"$STATE/archive.counts" | sed -n "s/^$1=//p"; }
[ "$(count_of agencies)" = "$(("$("$CLI" -o csv agencies list | wc -l)" - 1))" ] ||
  fail "the archive's agencies differ from the suite's"
[ "$(count_of obligations)" -gt 40 ] && [ "$(count_of delegations)" -ge 494 ] &&
  [ "$(count_of decisions)" -ge 493 ] && [ "$(count_of subscriptions)" = 1 ] ||
  { cat "$STATE/archive.counts"; fail "the archive lacks records"; }
grep -q '"type":"ngoaivu.registry.v1.agency.updated","subject":"agencies/SCT"' \
  "$STATE/archive/history/agencies.jsonl" || fail "the archive lacks SCT's history"
"$CLI" import --verify "$STATE/archive" >"$STATE/verify.log" 2>&1 ||
  { cat "$STATE/verify.log"; fail "the suite does not match its own archive"; }
"$CLI" agencies update SCT --phone "0276 3999 999" >/dev/null || fail "agency update refused"
if "$CLI" import --verify "$STATE/archive" >"$STATE/verify.log" 2>&1; then
  fail "a changed agency was not found by import --verify"
fi
grep -q "agencies/SCT (differs)" "$STATE/verify.log" || { cat "$STATE/verify.log"; fail "the change was not named"; }
sed -i '1d' "$STATE/archive/groups.jsonl"
"$CLI" import --verify "$STATE/archive" >"$STATE/verify.log" 2>&1 && fail "a damaged archive was taken"
[ "$?" -ne 1 ] && grep -q "groups.jsonl is not as exported" "$STATE/verify.log" ||
  { cat "$STATE/verify.log"; fail "the damage was not named"; }

echo "restore drill: every key, group and Function back; each delivery and notice once; a FLUSHALL undone; archived"
