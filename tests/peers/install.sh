#!/usr/bin/env bash
# Installs the peers' libraries (package-lock.json, pinned) into
# BUILD_DIR/peers on first use and prints that directory. Exits 77 when
# node or npm is not installed.
#   tests/peers/install.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: install.sh BUILD_DIR}/peers
command -v node >/dev/null && command -v npm >/dev/null || exit 77
mkdir -p "$work"
# Tests run at once install into the same directory: one at a time.
exec 9>"$work.lock"
flock 9
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" ||
   [ ! -d "$work/node_modules" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
cp "$here/verify-webhook.mjs" "$here/check-openapi.mjs" "$work/"
echo "$work"
