#!/usr/bin/env bash
# Reads with the settings the suite ships with: one run of h2load against
# the running local suite's registry (deploy/local/run.sh --detach) for
#   1. grpc.health.v1.Health/Check (the do-nothing baseline: no token, no
#      Redis);
#   2. GetAgency (agencies/SCT);
#   3. ListAgencies, a page of 20;
# each twice, with the rate, the ratios to Check, and the CPU per call of
# the client (h2load) and the registry. Many calls in flight on one client
# thread: 8 connections x 8 streams, gRPC-framed bodies.
#   tools/bench/registry-bench.sh [CALLS]        default 50000
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state=${NGOAIVU_STATE_DIR:-$root/.ngoaivu-local}
calls=${1:-50000}
cli=${NGOAIVU_BUILD:-$root/build}/bin/ngoaivu
registry=http://127.0.0.1:${NGOAIVU_REGISTRY_PORT:-15051}
command -v h2load >/dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }
token=$("$cli" token issue --subject bench --agency SNGV --role system --ttl 1h)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
frame() {  # protobuf bytes (python literal) -> a gRPC frame in file $1
  python3 -c "
import sys; m = $2
sys.stdout.buffer.write(b'\x00' + len(m).to_bytes(4, 'big') + m)" >"$work/$1"
}
frame check "b''"
frame get "b'\x0a\x0cagencies/SCT'"
frame list "b'\x08\x14'"  # page_size: 20

cpu() {  # pid -> CPU seconds so far
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
registry_pid=$(cat "$state/run/registry.pid")
run() {  # label body path [headers...]
  local label=$1 body=$2 path=$3 r0 out rate client
  shift 3
  r0=$(cpu "$registry_pid")
  out=$( { /usr/bin/time -f "client_cpu %U %S" h2load -n "$calls" -c 8 -m 8 -t 1 \
    -d "$work/$body" -H 'content-type: application/grpc' -H 'te: trailers' "$@" \
    "$registry/$path" ; } 2>&1)
  rate=$(grep -oE 'finished in [^,]*, [0-9.]+ req/s' <<<"$out" | grep -oE '[0-9.]+ req/s' | cut -d' ' -f1)
  client=$(awk '/^client_cpu/ { printf "%.2f", $2 + $3 }' <<<"$out")
  grep -q "status codes: $calls 2xx" <<<"$out" || { echo "$out" >&2; echo "$label: not every call succeeded" >&2; exit 1; }
  printf '%-26s %7.0f/s   CPU per call: client %3.0f us, registry %3.0f us\n' "$label" "$rate" \
    "$(echo "$client * 1000000 / $calls" | bc -l)" \
    "$(echo "($(cpu "$registry_pid") - $r0) * 1000000 / $calls" | bc -l)"
  eval "rate_$body=$rate"
}
for round in 1 2; do
  echo "round $round ($calls calls each)"
  run "health Check" check grpc.health.v1.Health/Check
  run "GetAgency" get ngoaivu.registry.v1.RegistryService/GetAgency \
    -H "authorization: Bearer $token"
  run "ListAgencies (20)" list ngoaivu.registry.v1.RegistryService/ListAgencies \
    -H "authorization: Bearer $token"
  awk -v c="$rate_check" -v g="$rate_get" -v l="$rate_list" 'BEGIN {
    printf "  of health Check: GetAgency %.0f %%, ListAgencies(20) %.0f %%\n", 100 * g / c, 100 * l / c }'
done
