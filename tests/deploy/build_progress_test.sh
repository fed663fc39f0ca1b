#!/usr/bin/env bash
# run.sh's build shows its progress: a line every 20 seconds with the
# build's step count, the first-build estimate when nothing is built yet,
# and the compiler's last lines when the build fails. The build itself is
# replaced by one that prints ninja's status lines slowly.
set -euo pipefail
source "$(dirname "$0")/../../deploy/local/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
NGOAIVU_BUILD=$work/build

ngoaivu_build() {
  for i in 1 2 3; do echo "[$i/3] Building CXX object x$i.o"; sleep 15; done
}
out=$(ngoaivu_build_logged "$work/build.log")
echo "$out"
grep -q "first build: about 13 minutes" <<<"$out" || { echo "FAIL: no estimate"; exit 1; }
grep -q '\[[12]/3\] steps built' <<<"$out" || { echo "FAIL: no progress line"; exit 1; }

ngoaivu_build() { echo "x.cc:1: error: expected ';'"; return 1; }
if out=$(ngoaivu_build_logged "$work/build.log"); then
  echo "FAIL: a failed build passed"; exit 1
fi
grep -q "expected ';'" <<<"$out" || { echo "FAIL: the error was not shown"; exit 1; }
echo PASS
