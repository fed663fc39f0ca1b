#!/usr/bin/env bash
# How long backups, restores and archives take with the province's data
# plus N obligations (default 100,000), on a suite of its own that run.sh
# starts (its own state directory and ports; the local suite is not
# touched):
#   tools/bench/backup-bench.sh [OBLIGATIONS]
# The obligations come through the API: a synthetic programme whose duties
# each fall to the 21 members of the group sectors-and-districts (a
# continuing duty opens one obligation per member when the programme is
# put in force). Prints the store's size and the time of each step.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OBLIGATIONS=${1:-100000}
export NGOAIVU_BUILD=${NGOAIVU_BUILD:-$ROOT/build}
export NGOAIVU_NO_BUILD=1
STATE=$(mktemp -d /tmp/ngoaivu-backup-bench-XXXXXX)
export NGOAIVU_STATE_DIR=$STATE NGOAIVU_CONFIG=$STATE/cli.yaml
port=$((20000 + RANDOM % 10000))
export NGOAIVU_REDIS_PORT=$port NGOAIVU_REGISTRY_PORT=$((port + 1))
export NGOAIVU_TASKS_PORT=$((port + 2)) NGOAIVU_DELEGATIONS_PORT=$((port + 3))
export NGOAIVU_NOTIFICATIONS_PORT=$((port + 4)) NGOAIVU_GATEWAY_PORT=$((port + 5))
trap '"$ROOT/deploy/local/stop.sh" >/dev/null 2>&1 || true; rm -rf "$STATE"' EXIT
CLI="$NGOAIVU_BUILD/bin/ngoaivu"
redis_admin() {
  REDISCLI_AUTH=$(cat "$STATE/redis-acl/admin.password") \
    redis-cli --no-auth-warning --user admin -p "$NGOAIVU_REDIS_PORT" "$@"
}
timed() {  # label command...: runs it, prints the seconds it took
  local start=$(date +%s%N) label=$1
  shift
  "$@" >"$STATE/step.log" 2>&1 || { cat "$STATE/step.log"; echo "$label failed" >&2; exit 1; }
  printf '%-44s %8.1f s\n' "$label" "$(echo "($(date +%s%N) - $start) / 1000000000" | bc -l)"
}

timed "run.sh (the province's data)" "$ROOT/deploy/local/run.sh" --detach
# Programmes of 100 duties (2,100 obligations) each: activating one opens
# its obligations in one call.
programmes=$(( (OBLIGATIONS + 2099) / 2100 ))
write_programme() {  # number
  cat <<YAML
programme:
  id: backup-bench-$1
  decision_number: $1/QĐ-BENCH
  decision_date: 2026-01-05
  issuing_body: UBND
  title: "Chương trình mô phỏng (synthetic) số $1 để đo sao lưu"
  signer:
    full_name: Trần Lưu Quang
    position: Phó Chủ tịch
    capacities: [on-behalf-of-committee]
    official: UBND/tran-luu-quang
duties:
YAML
  for i in $(seq 100); do
    printf '  - id: d%03d\n    title: "Nhiệm vụ mô phỏng %d"\n    group: sectors-and-districts\n    schedule: {continuing: {}}\n' "$i" "$i"
  done
}
import_all() {
  for p in $(seq "$programmes"); do
    write_programme "$p" >"$STATE/bench-$p.yaml"
    "$CLI" --timeout 60 programmes import --activate "$STATE/bench-$p.yaml"
  done
}
timed "import $programmes programmes of 100 duties, in force" import_all
count_obligations() {
  for p in $(seq "$programmes"); do
    "$CLI" -o csv report programme "programmes/backup-bench-$p" | awk -F, '$1 == "programme" { print $3 }'
  done | awk '{ n += $1 } END { print n }'
}
obligations=$(count_obligations)
echo "obligations: $obligations in the synthetic programmes"
echo "redis: $(redis_admin dbsize) keys, $(redis_admin info memory | tr -d '\r' | sed -n 's/^used_memory_human://p') used"

timed "backup.sh" "$ROOT/deploy/local/backup.sh"
backup=$(ls "$STATE/backups"/ngoaivu-*.rdb)
echo "backup: $(wc -c <"$backup") bytes, $(sed -n 's/^keys=//p' "${backup%.rdb}.info") keys"
timed "restore.sh --force --no-start (Redis files only)" "$ROOT/deploy/local/restore.sh" --force --no-start latest
timed "run.sh on the restored data" "$ROOT/deploy/local/run.sh" --detach
[ "$(count_obligations)" = "$obligations" ] ||
  { echo "the restored suite does not hold the $obligations obligations" >&2; exit 1; }
timed "ngoaivu export" "$CLI" --timeout 60 export "$STATE/archive"
echo "archive: $(du -sh "$STATE/archive" | cut -f1)"
timed "ngoaivu import --verify" "$CLI" --timeout 60 import --verify "$STATE/archive"
