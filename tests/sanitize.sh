#!/usr/bin/env bash
# The suite under clang's sanitizers, in build trees of their own.
#   tests/sanitize.sh          AddressSanitizer + UndefinedBehaviorSanitizer
#                              (build-asan): every test, then each libFuzzer
#                              target (tests/fuzz) for NGOAIVU_FUZZ_SECONDS
#                              (default 30) from its seeds and regressions.
#                              Run before each release (about 45 minutes on
#                              two cores).
#   tests/sanitize.sh fuzz     the fuzz targets alone (same tree), each for
#                              NGOAIVU_FUZZ_RUNS inputs (default 20000) from
#                              seed 1: what CI runs after tests/run.sh
#   tests/sanitize.sh thread   ThreadSanitizer (build-tsan): the tests of the
#                              concurrent parts that start no gRPC server
#                              (tracked cache, event consumer, JWT cache and
#                              key rotation)
# Extra arguments go to ctest (e.g. -R registry). A fuzzer's crash input is
# left in build-asan/fuzz/artifacts/; copy it to tests/fuzz/regressions/
# <target>/ with the fix, so every later run replays it.
set -euo pipefail
source "$(dirname "$0")/../deploy/local/lib.sh"
mode=${1:-address}
[ $# -gt 0 ] && shift
NGOAIVU_PACKAGES+=(clang-14 libclang-rt-14-dev)
ngoaivu_ensure_packages

case "$mode" in
  address|fuzz)
    build=$NGOAIVU_ROOT/build-asan
    flags=(-DNGOAIVU_SANITIZE=address,undefined -DNGOAIVU_FUZZ=ON)
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS=suppressions=$NGOAIVU_ROOT/tests/lsan.supp:print_suppressions=0
    tests=()
    ;;
  thread)
    build=$NGOAIVU_ROOT/build-tsan
    flags=(-DNGOAIVU_SANITIZE=thread)
    export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$NGOAIVU_ROOT/tests/tsan.supp"
    # Not the tests that start a gRPC server: Debian's gRPC and Abseil are
    # not built with TSan, and such a server hangs at start under it.
    tests=(-R "TrackedCache|EventConsumer|Jwt|Rotation|StreamHub" -E "Certificate")
    ;;
  *) echo "usage: tests/sanitize.sh [address|fuzz|thread] [ctest arguments]" >&2; exit 2 ;;
esac

if [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$NGOAIVU_ROOT" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" >/dev/null
fi
if [ "$mode" = fuzz ]; then
  cmake --build "$build" -j"$(nproc)" --target fuzzers
else
  cmake --build "$build" -j"$(nproc)"
  (cd "$build" && ctest --output-on-failure --timeout 600 -j"$(nproc)" \
    -E "Manifests|Kubernetes|Sizes|Layering|ReadmeAccess|RedisHaScripts" \
    "${tests[@]}" "$@")
fi

[ "$mode" = thread ] && exit 0
# CI explores a fixed number of inputs from a fixed seed (a run is
# repeatable); a release run explores for a time.
if [ "$mode" = fuzz ]; then
  budget=(-seed=1 -runs="${NGOAIVU_FUZZ_RUNS:-20000}")
else
  budget=(-max_total_time="${NGOAIVU_FUZZ_SECONDS:-30}")
fi
mkdir -p "$build/fuzz/artifacts"
for fuzzer in "$build"/fuzz/*_fuzzer; do
  name=$(basename "$fuzzer")
  corpus=$build/fuzz/corpus/$name
  regressions=$NGOAIVU_ROOT/tests/fuzz/regressions/$name
  mkdir -p "$corpus" "$regressions"
  # The target writes its seeds, then replays every input that ever
  # crashed it, then explores for the time given.
  NGOAIVU_FUZZ_SEED_DIR=$corpus "$fuzzer" -runs=0 "$corpus" >/dev/null 2>&1
  if [ -n "$(ls -A "$regressions")" ]; then
    "$fuzzer" -runs=0 "$regressions"/* >/dev/null 2>"$build/fuzz/$name.replay.log" ||
      { cat "$build/fuzz/$name.replay.log" >&2; exit 1; }
  fi
  echo "==> $name: ${budget[*]}"
  "$fuzzer" "${budget[@]}" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/fuzz/artifacts/$name-" -print_final_stats=1 \
    "$corpus" 2>"$build/fuzz/$name.log" ||
    { tail -60 "$build/fuzz/$name.log" >&2; exit 1; }
  grep -E "stat::number_of_executed_units|cov:" "$build/fuzz/$name.log" | tail -2
done
