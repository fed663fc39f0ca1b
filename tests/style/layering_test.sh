#!/usr/bin/env bash
# The template's layering, checked on what the compiler actually includes:
# a service's rules and use cases (the `<service>_rules` targets, which hold
# the store interfaces too) and the shared core never reach Redis, Lua, the
# Redis pool or a gRPC server. Only `redis_*_store.cc` and common's Redis
# layer may. Usage: layering_test.sh BUILD_DIR
set -euo pipefail
BUILD=${1:?build directory}
DB="$BUILD/compile_commands.json"
[ -f "$DB" ] || { echo "no $DB"; exit 1; }
FORBIDDEN='hiredis|/common/redis_pool\.h|/common/redis_functions\.h|/common/write_plan\.h|/common/records\.h|/common/redis_store_kit\.h|/common/tracked_cache\.h|/common/event_consumer\.h|grpcpp/server|/common/server\.h'
status=0
checked=0
# Each compile command of an object of a rules or core target.
while IFS= read -r command; do
  source=${command##* -c }
  # The same command, asked for the headers it reads instead of an object.
  flags=$(echo "$command" | sed -e 's/ -o [^ ]*//' -e 's/ -c [^ ]*$//')
  deps=$(cd "$BUILD" && $flags -M "$source" 2>/dev/null) || {
    echo "cannot list the includes of $source"; status=1; continue; }
  bad=$(echo "$deps" | tr ' \\' '\n\n' | grep -E "$FORBIDDEN" | sort -u || true)
  if [ -n "$bad" ]; then
    echo "$source reaches:"; echo "$bad" | sed 's/^/  /'
    status=1
  fi
  checked=$((checked + 1))
done < <(sed -n 's/^  "command": "\(.*\)",$/\1/p' "$DB" |
         grep -E '(_rules|ngoaivu_core)\.dir/' )
[ "$checked" -gt 20 ] || { echo "only $checked sources checked"; exit 1; }
echo "$checked sources of rules, use cases and the core: no Redis, no server"
exit $status
