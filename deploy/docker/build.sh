#!/usr/bin/env bash
# Builds a service's image with podman from the sources (deploy/docker/
# Dockerfile; .dockerignore keeps the build tree and local state out), then
# proves it: starts the service from the image against a Redis of its own
# and asks its health. Prints the image's digest (for the prod overlay).
#   deploy/docker/build.sh [SERVICE]        registry (default), tasks,
#                                           delegations, notifications or
#                                           gateway (proved by its /healthz
#                                           and /openapi.json over HTTP)
# Where no image registry is reachable, the Debian 12 base is made with
# debootstrap from the Debian mirror apt uses. Exits non-zero, saying why,
# where no container engine can run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/deploy/local/lib.sh"
service=${1:-registry}
tag=ngoaivu/$service:0.1.0
work=${NGOAIVU_IMAGE_WORK:-$NGOAIVU_BUILD/image}
mkdir -p "$work"

if ! command -v podman >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      podman debootstrap >/dev/null
  else
    echo "podman is not installed (sudo apt-get install podman debootstrap)" >&2
    exit 1
  fi
fi
if ! why=$(podman info 2>&1 >/dev/null); then
  echo "podman cannot run on this machine: $why" >&2
  exit 1
fi

# The bases: Debian's own images when a registry answers, else one made
# here (the same image serves the build and the runtime stage).
base=docker.io/library/debian:12
runtime_base=docker.io/library/debian:12-slim
if ! podman image exists "$base" && ! podman pull -q "$base" >/dev/null 2>&1; then
  base=localhost/ngoaivu/debian:12
  runtime_base=$base
  if ! podman image exists "$base"; then
    mirror=$(grep -rhs '^URIs:' /etc/apt/sources.list.d/ | awk '{print $2}' | head -1)
    mirror=${mirror:-http://deb.debian.org/debian}
    echo "==> no image registry reachable: making $base with debootstrap ($mirror)"
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log"
    tar -C "$work/rootfs" -c . | podman import - "$base" >/dev/null
    rm -rf "$work/rootfs"
  fi
elif ! podman image exists "$runtime_base"; then
  podman pull -q "$runtime_base" >/dev/null
fi

echo "==> building $tag (from $base)"
# chroot isolation: RUN steps need no OCI runtime (some sandboxes forbid
# what crun does, e.g. setrlimit).
podman build --isolation chroot --network host -f "$root/deploy/docker/Dockerfile" \
  --build-arg SERVICE="$service" --build-arg BASE="$base" \
  --build-arg RUNTIME_BASE="$runtime_base" -t "$tag" "$root" >"$work/build-$service.log" 2>&1 ||
  { tail -30 "$work/build-$service.log" >&2; exit 1; }

# The proof: the image's user, and the service answering health.
user=$(podman image inspect "$tag" --format '{{.Config.User}}')
[[ "$user" =~ ^[0-9]+(:[0-9]+)?$ ]] && [ "${user%%:*}" != 0 ] ||
  { echo "the image runs as '$user', not a numeric non-root user" >&2; exit 1; }
redis_port=$(shuf -i 20000-30000 -n 1)
grpc_port=$(shuf -i 30001-32000 -n 1)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --daemonize yes \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log"
key="$work/jwt.key"
(umask 077 && openssl rand -base64 48 >"$key")
chmod 644 "$key"  # read by the image's user
args=(--listen "127.0.0.1:$grpc_port" --redis "redis://127.0.0.1:$redis_port/0"
      --jwt-key-file /etc/ngoaivu/jwt.key)
# The gateway keeps no data: it serves its health and the document it ships.
[ "$service" = gateway ] &&
  args=(--listen "127.0.0.1:$grpc_port" --openapi-file /usr/share/ngoaivu/openapi.json)
# In a container when the OCI runtime may run here; otherwise the image's
# own file system, entry point and user under buildah's chroot isolation.
container="" runner=""
if container=$(podman run -d --rm --network host --read-only \
     -v "$key:/etc/ngoaivu/jwt.key:ro" "$tag" "${args[@]}" 2>"$work/run.log"); then
  how="a container (podman run --read-only)"
else
  echo "==> podman run refused ($(tail -1 "$work/run.log")); running the image under chroot isolation"
  container=""
  runner=$(buildah from "$tag")
  buildah run --isolation chroot --network host --user "$user" \
    -v "$key:/etc/ngoaivu/jwt.key:ro" "$runner" -- /usr/local/bin/service \
    "${args[@]}" >"$work/service.log" 2>&1 &
  how="the image's file system (buildah run --isolation chroot)"
fi
cleanup() {
  [ -n "$container" ] && podman stop -t 5 "$container" >/dev/null 2>&1
  if [ -n "$runner" ]; then
    pkill -f "service --listen 127.0.0.1:$grpc_port" 2>/dev/null || true
    buildah rm "$runner" >/dev/null 2>&1 || true
  fi
  kill "$(cat "$work/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT
answers() {
  if [ "$service" = gateway ]; then
    for _ in $(seq 600); do
      curl -sf "http://127.0.0.1:$grpc_port/healthz" >"$work/health.log" 2>&1 && break
      sleep 0.1
    done
    grep -q SERVING "$work/health.log" &&
      curl -sf "http://127.0.0.1:$grpc_port/openapi.json" | grep -q '"openapi"'
  else
    "$NGOAIVU_BUILD/bin/ngoaivu" "--$service" "127.0.0.1:$grpc_port" \
      --timeout 2 health --only "$service" --wait 60 >"$work/health.log"
  fi
}
if ! answers; then
  [ -n "$container" ] && podman logs "$container" >&2
  [ -n "$runner" ] && tail -20 "$work/service.log" >&2
  echo "$service did not answer health from its image" >&2
  exit 1
fi
size=$(podman image inspect "$tag" --format '{{.Size}}')
digest=$(podman image inspect "$tag" --format '{{.Digest}}')
echo "$tag: serves health from $how as user $user; $((size / 1048576)) MiB; $digest"
