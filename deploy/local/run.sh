#!/usr/bin/env bash
# Starts the whole suite on this machine: installs what is missing (as root;
# otherwise prints the packages), builds, starts Redis (AOF on) and every
# service, imports the province's data, prints the endpoints and a summary.
#
#   deploy/local/run.sh            stays in the foreground; Ctrl-C stops all
#   deploy/local/run.sh --detach   starts and returns; deploy/local/stop.sh stops
#
# Settings (environment):
#   NGOAIVU_STATE_DIR    where data, logs and pid files live
#                        (default: <repo>/.ngoaivu-local)
#   NGOAIVU_REDIS_PORT   Redis port (default 6390, beside a system Redis)
#   NGOAIVU_APPENDFSYNC  Redis AOF fsync policy: always | everysec | no
#                        (default everysec: at most ~1 s of writes lost)
#   NGOAIVU_REGISTRY_PORT registry gRPC port (default 15051)
#   NGOAIVU_TASKS_PORT   tasks gRPC port (default 15052)
#   NGOAIVU_DELEGATIONS_PORT delegations gRPC port (default 15053)
#   NGOAIVU_NOTIFICATIONS_PORT notifications gRPC port (default 15054)
#   NGOAIVU_GATEWAY_PORT REST/JSON gateway port (default 15080)
#   NGOAIVU_<SERVICE>_METRICS_PORT its Prometheus metrics (default: its gRPC
#                        port + 100, e.g. 15151 for the registry)
#   NGOAIVU_NO_BUILD     set: run the binaries already built, build nothing
# Any other service setting passes through the environment, e.g.
#   NGOAIVU_WEBHOOK_ALLOW=127.0.0.1/32 NGOAIVU_WEBHOOK_ALLOW_HTTP=true
#   (webhooks to a receiver on this machine; refused by default)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

detach=0
for arg in "$@"; do
  case "$arg" in
    --detach) detach=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

STATE=${NGOAIVU_STATE_DIR:-$NGOAIVU_ROOT/.ngoaivu-local}
REDIS_PORT=${NGOAIVU_REDIS_PORT:-6390}
REGISTRY_PORT=${NGOAIVU_REGISTRY_PORT:-15051}
TASKS_PORT=${NGOAIVU_TASKS_PORT:-15052}
DELEGATIONS_PORT=${NGOAIVU_DELEGATIONS_PORT:-15053}
NOTIFICATIONS_PORT=${NGOAIVU_NOTIFICATIONS_PORT:-15054}
GATEWAY_PORT=${NGOAIVU_GATEWAY_PORT:-15080}
REGISTRY_METRICS_PORT=${NGOAIVU_REGISTRY_METRICS_PORT:-$((REGISTRY_PORT + 100))}
TASKS_METRICS_PORT=${NGOAIVU_TASKS_METRICS_PORT:-$((TASKS_PORT + 100))}
DELEGATIONS_METRICS_PORT=${NGOAIVU_DELEGATIONS_METRICS_PORT:-$((DELEGATIONS_PORT + 100))}
NOTIFICATIONS_METRICS_PORT=${NGOAIVU_NOTIFICATIONS_METRICS_PORT:-$((NOTIFICATIONS_PORT + 100))}
GATEWAY_METRICS_PORT=${NGOAIVU_GATEWAY_METRICS_PORT:-$((GATEWAY_PORT + 100))}
FSYNC=${NGOAIVU_APPENDFSYNC:-everysec}
BIN=$NGOAIVU_BUILD/bin
mkdir -p "$STATE/redis" "$STATE/logs" "$STATE/run"

if [ -n "${NGOAIVU_NO_BUILD:-}" ]; then
  # The binaries of $NGOAIVU_BUILD as they are (the tests that run the
  # suite, after tests/run.sh built everything).
  [ -x "$BIN/registry-server" ] || { echo "no build in $NGOAIVU_BUILD" >&2; exit 1; }
else
  ngoaivu_ensure_packages
  echo "==> building"
  ngoaivu_build_logged "$STATE/logs/build.log" || exit 1
fi

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# What this run started: stopped again if it fails part-way, so a failed
# start leaves nothing half-running (what ran before it is left alone).
started=()
stop_started_on_failure() {
  local code=$?
  [ "$code" -eq 0 ] || [ "${#started[@]}" -eq 0 ] && return
  echo "run.sh failed; stopping what it started: ${started[*]}" >&2
  "$NGOAIVU_ROOT/deploy/local/stop.sh" "${started[@]}" >&2 || true
}
trap stop_started_on_failure EXIT

# The local suite's token signing key (HS256), made once, readable only by
# its owner. Production deployments verify RS256/ES256 tokens from their own
# identity provider instead (see docs/api.md, "Access").
KEY="$STATE/jwt-hs256.key"
if [ ! -s "$KEY" ]; then
  echo "==> creating the token signing key $KEY"
  (umask 077 && openssl rand -base64 48 >"$KEY")
fi
chmod 600 "$KEY"

# Redis: the store and the event bus of every service, with production's
# users (one per service, limited to its own keys and the streams it
# follows: deploy/redis/users.acl.in; passwords made once, in $STATE) and
# the suite's one configuration, deploy/redis/redis.conf.
ACL="$STATE/redis-acl"
"$NGOAIVU_ROOT/deploy/redis/make-acl.sh" "$ACL" "127.0.0.1:$REDIS_PORT"
redis_health() {  # prints why Redis is not fit to serve; 1 not yet, 2 never
  REDISCLI_AUTH=$(cat "$ACL/probe.password") \
    "$NGOAIVU_ROOT/deploy/redis/redis-health.sh" 127.0.0.1 "$REDIS_PORT"
}
redis_admin() {
  REDISCLI_AUTH=$(cat "$ACL/admin.password") \
    redis-cli --no-auth-warning --user admin -p "$REDIS_PORT" "$@"
}
if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "==> redis already running on port $REDIS_PORT"
  # The users as users.acl.in now has them (a new one after an upgrade).
  redis_admin acl load >/dev/null || echo "could not reload Redis' users" >&2
else
  echo "==> starting redis on port $REDIS_PORT (data in $STATE/redis)"
  # The suite's configuration, included from a file of this state's own:
  # CONFIG REWRITE rewrites that one, never the repository's.
  echo "include $NGOAIVU_ROOT/deploy/redis/redis.conf" >"$STATE/redis.conf"
  redis-server "$STATE/redis.conf" \
    --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE/redis" \
    --aclfile "$ACL/users.acl" --appendfsync "$FSYNC" \
    --daemonize yes --pidfile "$STATE/run/redis.pid" \
    --logfile "$STATE/logs/redis.log"
  started=(redis)
fi
# Answering, done loading (a large append-only file takes a while), and
# having refused nothing it replayed: otherwise records are missing from
# memory, and neither the services nor an import may run on what is left.
health=1
for _ in $(seq 600); do
  why=$(redis_health) && { health=0; break; } || health=$?
  [ "$health" -eq 2 ] && break
  sleep 0.1
done
if [ "$health" -ne 0 ]; then
  echo "$why" >&2
  if [ "$health" -eq 2 ]; then
    echo "Redis' log ($STATE/logs/redis.log) has" \
      "$(grep -c '== CRITICAL ==' "$STATE/logs/redis.log" 2>/dev/null || echo 0)" \
      "lines '== CRITICAL =='; the first:" >&2
    grep -m1 '== CRITICAL ==' "$STATE/logs/redis.log" >&2 || true
    # Stopped before anything writes to it: the append-only file on disk
    # stays as it was, to be replayed whole once the cause is fixed.
    redis_admin shutdown nosave >/dev/null 2>&1 || true
    echo "stopped Redis; nothing else was started" >&2
  else
    tail -20 "$STATE/logs/redis.log" >&2
    echo "redis did not start" >&2
  fi
  exit 1
fi

start_service() {  # name port metrics-port [extra environment...]
  local name=$1 port=$2 metrics=$3
  shift 3
  if alive "$STATE/run/$name.pid"; then
    echo "==> $name already running (pid $(cat "$STATE/run/$name.pid"))"
    return
  fi
  echo "==> starting $name on port $port"
  # Its Functions are loaded by the loader user first, as Kubernetes' init
  # containers do: the service's own user may not load them.
  NGOAIVU_REDIS=$(cat "$ACL/functions.url") "$BIN/$name-server" \
    --load-redis-functions >>"$STATE/logs/$name.log" 2>&1 ||
    { tail -5 "$STATE/logs/$name.log" >&2; exit 1; }
  env NGOAIVU_LISTEN="127.0.0.1:$port" NGOAIVU_METRICS_LISTEN="127.0.0.1:$metrics" \
    NGOAIVU_REDIS="$(cat "$ACL/$name.url")" \
    NGOAIVU_JWT_KEY_FILE="$KEY" NGOAIVU_JWT_ISSUER=ngoaivu-local \
    NGOAIVU_JWT_AUDIENCE=ngoaivu "$@" \
    setsid nohup "$BIN/$name-server" >>"$STATE/logs/$name.log" 2>&1 &
  echo $! >"$STATE/run/$name.pid"
  started=("$name" "${started[@]}")
}
start_service registry "$REGISTRY_PORT" "$REGISTRY_METRICS_PORT"

# The other services ask the registry about agencies and officials as
# themselves.
start_registry_client() {  # name port metrics-port [extra environment...]
  local name=$1 port=$2 metrics=$3 token="$STATE/$1-service.token"
  shift 3
  (umask 077 && "$BIN/ngoaivu" token issue --offline --key-file "$KEY" --subject "$name-service" \
    --agency SNGV --role system --ttl 8760h >"$token")
  start_service "$name" "$port" "$metrics" \
    NGOAIVU_REGISTRY_ADDRESS="127.0.0.1:$REGISTRY_PORT" \
    NGOAIVU_SERVICE_TOKEN_FILE="$token" "$@"
}
start_registry_client tasks "$TASKS_PORT" "$TASKS_METRICS_PORT"
start_registry_client delegations "$DELEGATIONS_PORT" "$DELEGATIONS_METRICS_PORT" \
  NGOAIVU_DELEGATION_RULES="$NGOAIVU_ROOT/deploy/data/delegation-rules.yaml"
# Started before the data is imported: every agency's inbox hears of it.
start_service notifications "$NOTIFICATIONS_PORT" "$NOTIFICATIONS_METRICS_PORT"

# REST/JSON for the systems that do not speak gRPC; it keeps no state.
if alive "$STATE/run/gateway.pid"; then
  echo "==> gateway already running (pid $(cat "$STATE/run/gateway.pid"))"
else
  echo "==> starting gateway on port $GATEWAY_PORT"
  env NGOAIVU_LISTEN="127.0.0.1:$GATEWAY_PORT" \
    NGOAIVU_REGISTRY_ADDRESS="127.0.0.1:$REGISTRY_PORT" \
    NGOAIVU_TASKS_ADDRESS="127.0.0.1:$TASKS_PORT" \
    NGOAIVU_DELEGATIONS_ADDRESS="127.0.0.1:$DELEGATIONS_PORT" \
    NGOAIVU_NOTIFICATIONS_ADDRESS="127.0.0.1:$NOTIFICATIONS_PORT" \
    NGOAIVU_OPENAPI_FILE="$NGOAIVU_BUILD/openapi.json" \
    NGOAIVU_METRICS_LISTEN="127.0.0.1:$GATEWAY_METRICS_PORT" \
    setsid nohup "$BIN/gateway-server" >>"$STATE/logs/gateway.log" 2>&1 &
  echo $! >"$STATE/run/gateway.pid"
  started=(gateway "${started[@]}")
fi

# The CLI works as an administrator right away: its config names the suite
# and carries an admin token (30 days).
CONFIG=${NGOAIVU_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/ngoaivu/config.yaml}
ADMIN_TOKEN=$("$BIN/ngoaivu" token issue --offline --key-file "$KEY" --subject admin \
  --agency UBND --role admin --ttl 720h)
mkdir -p "$(dirname "$CONFIG")"
(umask 077 && cat >"$CONFIG" <<CONFIG_YAML
# Written by deploy/local/run.sh for the local suite.
registry: 127.0.0.1:$REGISTRY_PORT
tasks: 127.0.0.1:$TASKS_PORT
delegations: 127.0.0.1:$DELEGATIONS_PORT
notifications: 127.0.0.1:$NOTIFICATIONS_PORT
token: $ADMIN_TOKEN
token_key_file: $KEY
CONFIG_YAML
)
CLI=("$BIN/ngoaivu" --registry "127.0.0.1:$REGISTRY_PORT" --tasks "127.0.0.1:$TASKS_PORT"
     --delegations "127.0.0.1:$DELEGATIONS_PORT"
     --notifications "127.0.0.1:$NOTIFICATIONS_PORT" --token "$ADMIN_TOKEN")
# Healthy within a minute; a server that exits meanwhile (its port taken,
# a bad setting) fails the start at once, with its log.
healthy=0
for _ in $(seq 120); do
  if "${CLI[@]}" --timeout 2 health >"$STATE/logs/health.log" 2>&1; then
    healthy=1
    break
  fi
  for name in registry tasks delegations notifications; do
    if ! alive "$STATE/run/$name.pid"; then
      echo "$name-server exited; the end of $STATE/logs/$name.log:" >&2
      tail -5 "$STATE/logs/$name.log" >&2
      rm -f "$STATE/run/$name.pid"
      exit 1
    fi
  done
  sleep 0.5
done
if [ "$healthy" -eq 0 ]; then
  cat "$STATE/logs/health.log" >&2
  for name in registry tasks delegations notifications; do
    if ! grep -q "^$name .*: SERVING" "$STATE/logs/health.log"; then
      echo "$name did not become healthy; see $STATE/logs/$name.log" >&2
      tail -20 "$STATE/logs/$name.log" >&2
    fi
  done
  exit 1
fi

# The province's data is imported once, into the store this state started
# with: later starts leave the records as the suite's users and a restore
# left them (an agency's new phone number stays). The mark lives beside
# Redis' files (deploy/local/restore.sh writes a backup's): removing them
# starts afresh. Never go on over a store that lost data: agencies are
# never deleted (dissolved and merged ones stay), so fewer than the mark
# says means loss.
IMPORTED="$STATE/redis/ngoaivu-imported"
agency_count() { "${CLI[@]}" -o csv agencies list | tail -n +2 | wc -l; }
imported_at=""
if [ -s "$IMPORTED" ]; then
  imported_at=$(sed -n 's/^at=//p' "$IMPORTED")
  before=$(sed -n 's/^agencies=//p' "$IMPORTED")
  now=$(agency_count)
  if [ "$now" -lt "${before:-0}" ]; then
    cat >&2 <<LOST
Redis holds $now agencies; the last start ($imported_at) left $before.
Records were lost, so the suite is not started over what is left. See
$STATE/logs/redis.log and docs/operations.md, "Persistence and its loss window"
(and "Backups and restore").
To start afresh on purpose: deploy/local/stop.sh; rm -r $STATE/redis
LOST
    exit 1
  fi
fi
if [ -n "$imported_at" ]; then
  echo "==> the province's data was imported at $imported_at: not imported again"
  echo "    (by hand: $BIN/ngoaivu import $NGOAIVU_ROOT/deploy/data/tay-ninh-agencies.yaml)"
else
  echo "==> importing the province's agencies"
  "${CLI[@]}" import "$NGOAIVU_ROOT/deploy/data/tay-ninh-agencies.yaml"
  echo "==> importing the programme of decision 2488/QĐ-UBND"
  "${CLI[@]}" programmes import --activate \
    "$NGOAIVU_ROOT/deploy/data/programme-2488-QD-UBND-2011.yaml"

  # The delegations of 2006-2010 as a synthetic history with the
  # decision's totals (its records say they are synthetic).
  history_decisions() {
    "${CLI[@]}" -o csv stats delegations --by year --from 2006 --to 2010 \
      --direction outbound 2>/dev/null | awk -F, '$1 == "total" { print $2 }'
  }
  if [ "$(history_decisions)" != 493 ]; then
    echo "==> loading the synthetic history of delegations, 2006-2010"
    "${CLI[@]}" --timeout 30 demo history
  fi
  imported_at=$(date -Is)
fi
printf 'at=%s\nagencies=%s\n' "$imported_at" "$(agency_count)" >"$IMPORTED"

cat <<SUMMARY

ngoaivu is running
  registry  127.0.0.1:$REGISTRY_PORT   (gRPC, plaintext, reflection on; ngoaivu.registry.v1.RegistryService)
  tasks     127.0.0.1:$TASKS_PORT   (gRPC; ngoaivu.tasks.v1.TasksService: programmes, duties, obligations)
  delegations 127.0.0.1:$DELEGATIONS_PORT (gRPC; ngoaivu.delegations.v1.DelegationsService: trips, visits, agreements)
  notifications 127.0.0.1:$NOTIFICATIONS_PORT (gRPC; ngoaivu.notifications.v1.NotificationsService: inboxes;
            ngoaivu.notifications.v1.EventService: every event, e.g. ngoaivu events tail --follow)
  redis     127.0.0.1:$REDIS_PORT    (AOF appendfsync=$FSYNC; data in $STATE/redis;
            one user per service; as the admin: redis-cli -u "\$(cat $ACL/admin.url)")
  gateway   http://127.0.0.1:$GATEWAY_PORT/v1/...  (REST/JSON of every RPC, e.g. curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$GATEWAY_PORT/v1/agencies)
  metrics   http://127.0.0.1:{$REGISTRY_METRICS_PORT,$TASKS_METRICS_PORT,$DELEGATIONS_METRICS_PORT,$NOTIFICATIONS_METRICS_PORT,$GATEWAY_METRICS_PORT}/metrics (Prometheus)
  logs      $STATE/logs/
  cli       $BIN/ngoaivu agencies list        (as admin; config: $CONFIG)
  tokens    $BIN/ngoaivu token issue --subject NAME --agency SNGV --role coordinator
            then pass it with --token or NGOAIVU_TOKEN
            (roles: admin coordinator approver officer viewer system)

SUMMARY
echo "Agencies by kind and state:"
"${CLI[@]}" agencies list | awk 'NR > 1 { kinds[$2]++; states[$3]++ }
  END { for (k in kinds) printf "  %3d  %s\n", kinds[k], k;
        for (s in states) printf "  %3d  %s\n", states[s], s }' | sort -k2
echo
echo "Groups:"
"${CLI[@]}" groups list | sed 's/^/  /'
echo
echo "Programmes:"
"${CLI[@]}" programmes list | sed 's/^/  /'
echo
YEAR=$(date +%Y)
PROGRAMME=programmes/2488-qd-ubnd-2011
echo "Programme 2488/QĐ-UBND today (obligations by state, by section):"
"${CLI[@]}" -o csv report programme "$PROGRAMME" | awk -F, '
  $1 == "programme" { printf "  total %s: %s open, %s in progress, %s submitted, %s accepted, %s waived, %s cancelled; %s overdue; %s due before tracking began (for DOFA to give new due dates); %s%% done\n",
                      $3, $4, $5, $6, $7, $8, $9, $10, $14, $13 }
  $1 == "section" { printf "  section %-6s %4s obligations, %4s overdue, %5s%% done\n", $2, $3, $10, $13 }'
echo
echo "Trips abroad 2006-2010 (synthetic history; Decision 2488, II.3 counts 493 decisions,"
echo "1,943 person-trips, most often to Cambodia, China, Thailand and Singapore):"
"${CLI[@]}" stats delegations --by country --from 2006 --to 2010 --direction outbound |
  awk 'NR == 1 || NR <= 5 || $1 == "total"' | sed 's/^/  /'
echo
echo "This year's registration (IV.9, due 30 September $YEAR):"
"${CLI[@]}" report compliance --period "$YEAR" \
  "$PROGRAMME/duties/iv-9-annual-registration" | tail -1 | sed 's/^/  /'
echo
echo "DOFA's inbox (agencies/SNGV), newest first:"
"${CLI[@]}" notifications unread SNGV | tail -n +2 | sed 's/^/  unread: /'
"${CLI[@]}" notifications list SNGV --limit 5 | sed 's/^/  /'
echo
echo "The worst overdue obligations:"
"${CLI[@]}" report programme "$PROGRAMME" --late --late-limit 5 | tail -n +3 | sed 's/^/  /'
echo
if [ "$detach" -eq 1 ]; then
  echo "Detached. Stop with: deploy/local/stop.sh"
  exit 0
fi
echo "Press Ctrl-C to stop the suite."
trap '"$NGOAIVU_ROOT/deploy/local/stop.sh"; exit 0' INT TERM
while alive "$STATE/run/registry.pid" && alive "$STATE/run/tasks.pid" &&
  alive "$STATE/run/delegations.pid" && alive "$STATE/run/notifications.pid"; do
  sleep 1
done
echo "a service stopped unexpectedly; see $STATE/logs/" >&2
"$NGOAIVU_ROOT/deploy/local/stop.sh"
exit 1
