# Shared by deploy/local/run.sh and tests/run.sh: install what is missing,
# build. Source it; it defines functions only.

NGOAIVU_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NGOAIVU_BUILD=${NGOAIVU_BUILD:-$NGOAIVU_ROOT/build}

# Every package the suite builds, runs and tests with (Debian 12).
NGOAIVU_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libhiredis-dev libssl-dev libjwt-dev openssl
  grpc-proto golang-github-gogo-googleapis-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libutf8proc-dev iso-codes
  libcurl4-openssl-dev libcpp-httplib-dev python3-aiosmtpd prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server redis-tools curl graphviz nghttp2-client bc
)

ngoaivu_missing_packages() {
  local missing=()
  for p in "${NGOAIVU_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  echo "${missing[@]:-}"
}

ngoaivu_ensure_packages() {
  local missing
  missing=$(ngoaivu_missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "==> installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || true
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    return 1
  fi
}

ngoaivu_build() {
  if [ ! -f "$NGOAIVU_BUILD/build.ninja" ]; then
    cmake -S "$NGOAIVU_ROOT" -B "$NGOAIVU_BUILD" -G Ninja \
      -DCMAKE_BUILD_TYPE="${NGOAIVU_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
  fi
  cmake --build "$NGOAIVU_BUILD" -j"$(nproc)"
}

# Builds with the compiler's output in $1 and a progress line on stdout
# every 20 seconds: a first build takes about 13 minutes on 2 cores.
ngoaivu_build_logged() {
  local log=$1 started=$SECONDS last="" line
  if [ ! -x "$NGOAIVU_BUILD/bin/registry-server" ]; then
    echo "    first build: about 13 minutes on 2 cores (10 on 4); details in $log"
  fi
  ngoaivu_build >"$log" 2>&1 &
  local pid=$! ticks=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    (( ++ticks % 20 == 0 )) || continue
    line=$(grep -ao '^\[[0-9]*/[0-9]*\]' "$log" | tail -1 || true)
    if [ -n "$line" ] && [ "$line" != "$last" ]; then
      echo "    $line steps built, $(( (SECONDS - started) / 60 ))m$(( (SECONDS - started) % 60 ))s"
      last=$line
    fi
  done
  if ! wait "$pid"; then
    tail -30 "$log"
    return 1
  fi
}
