#!/usr/bin/env bash
# Keeps the access tables in docs/api.md equal to the code that enforces
# them: each service prints its table (`<service>-server
# --print-access-table`) between the document's markers.
#   tools/readme-tables.sh BIN_DIR           rewrite docs/api.md
#   tools/readme-tables.sh BIN_DIR --check   fail if docs/api.md differs
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:?usage: readme-tables.sh BIN_DIR [--check]}
MODE=${2:-write}
README="$ROOT/docs/api.md"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cp "$README" "$out"
for service in registry tasks delegations notifications; do
  begin="<!-- access-table:$service:begin -->"
  end="<!-- access-table:$service:end -->"
  table=$("$BIN/$service-server" --print-access-table)
  grep -qF "$begin" "$out" || { echo "docs/api.md lacks $begin" >&2; exit 1; }
  awk -v begin="$begin" -v end="$end" -v table="$table" '
    $0 == begin { print; print table; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$out" >"$out.new"
  mv "$out.new" "$out"
done
if [ "$MODE" = "--check" ]; then
  if ! diff -u "$README" "$out"; then
    echo "docs/api.md access tables differ from the code; run tools/readme-tables.sh $BIN" >&2
    exit 1
  fi
else
  cp "$out" "$README"
fi
