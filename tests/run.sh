#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Each test starts
# the servers it needs (its own redis-server on a free port in a temporary
# directory), so nothing needs to be running beforehand.
#   tests/run.sh                 all tests
#   tests/run.sh -R registry     only tests whose name matches
set -euo pipefail
source "$(dirname "$0")/../deploy/local/lib.sh"
ngoaivu_ensure_packages
ngoaivu_build
cd "$NGOAIVU_BUILD"
ctest --output-on-failure --timeout 300 -j"$(nproc)" "$@"
