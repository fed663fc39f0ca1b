#!/usr/bin/env bash
# The cost of REST/JSON: one run of h2load against the running local suite
# (deploy/local/run.sh --detach) for
#   1. GetAgency over gRPC, straight to the registry (the baseline);
#   2. the same call through the gateway, GET /v1/agencies/SCT;
#   3. the gateway's own /healthz (what HTTP alone costs it);
# each twice, with the CPU seconds the client (h2load), the gateway and the
# registry spent, and the ratios. Many calls in flight on one client
# thread: 8 connections, gRPC with 8 streams each.
#   tools/bench/gateway-bench.sh [CALLS]        default 20000
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state=${NGOAIVU_STATE_DIR:-$root/.ngoaivu-local}
calls=${1:-20000}
cli=${NGOAIVU_BUILD:-$root/build}/bin/ngoaivu
gateway=http://127.0.0.1:${NGOAIVU_GATEWAY_PORT:-15080}
registry=http://127.0.0.1:${NGOAIVU_REGISTRY_PORT:-15051}
command -v h2load >/dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }
token=$("$cli" token issue --subject bench --agency SNGV --role system --ttl 1h)
body=$(mktemp)
trap 'rm -f "$body"' EXIT
# GetAgencyRequest{name: "agencies/SCT"} in a gRPC frame.
python3 -c "
import sys; m = b'\x0a\x0cagencies/SCT'
sys.stdout.buffer.write(b'\x00' + len(m).to_bytes(4, 'big') + m)" >"$body"

cpu() {  # pid -> CPU seconds so far
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
gateway_pid=$(cat "$state/run/gateway.pid")
registry_pid=$(cat "$state/run/registry.pid")
run() {  # label h2load-args...
  local label=$1 g0 r0 out start end
  shift
  g0=$(cpu "$gateway_pid") r0=$(cpu "$registry_pid")
  start=$(date +%s%N)
  out=$( { /usr/bin/time -f "client_cpu %U %S" h2load "$@" ; } 2>&1)
  end=$(date +%s%N)
  local rate client
  rate=$(grep -oE 'finished in [^,]*, [0-9.]+ req/s' <<<"$out" | grep -oE '[0-9.]+ req/s' | cut -d' ' -f1)
  client=$(awk '/^client_cpu/ { printf "%.2f", $2 + $3 }' <<<"$out")
  grep -q "status codes: $calls 2xx" <<<"$out" || { echo "$out" >&2; echo "$label: not every call succeeded" >&2; exit 1; }
  # CPU per call, in microseconds, of each process.
  local per_call="1000000 / $calls"
  printf '%-28s %7.0f/s   CPU per call: client %4.0f us, gateway %4.0f us, registry %4.0f us\n' \
    "$label" "$rate" "$(echo "$client * $per_call" | bc -l)" \
    "$(echo "($(cpu "$gateway_pid") - $g0) * $per_call" | bc -l)" \
    "$(echo "($(cpu "$registry_pid") - $r0) * $per_call" | bc -l)"
  eval "rate_${label%% *}=$rate"
}
for round in 1 2; do
  echo "round $round ($calls calls each)"
  run "grpc GetAgency" -n "$calls" -c 8 -m 8 -t 1 -d "$body" \
    -H 'content-type: application/grpc' -H 'te: trailers' \
    -H "authorization: Bearer $token" \
    "$registry/ngoaivu.registry.v1.RegistryService/GetAgency"
  run "rest GET /v1/agencies/SCT" --h1 -n "$calls" -c 8 -t 1 \
    -H "Authorization: Bearer $token" "$gateway/v1/agencies/SCT"
  run "health /healthz" --h1 -n "$calls" -c 8 -t 1 "$gateway/healthz"
  awk -v g="$rate_grpc" -v r="$rate_rest" -v h="$rate_health" 'BEGIN {
    printf "  REST through the gateway: %.0f %% of the gRPC rate; its health path: %.0f %%\n", 100 * r / g, 100 * h / g }'
done
