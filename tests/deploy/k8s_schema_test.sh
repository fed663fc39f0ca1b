#!/usr/bin/env bash
# Every overlay, rendered by `kubectl kustomize`, against the Kubernetes API
# schemas (npm kubernetes-models, pinned in k8s-schema/package-lock.json and
# installed into the build tree on first use).
#   tests/deploy/k8s_schema_test.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:?usage: k8s_schema_test.sh BUILD_DIR}/k8s-schema
if ! command -v kubectl >/dev/null; then
  echo "kubectl is not installed: nothing to render"
  exit 77  # skipped
fi
mkdir -p "$work"
if ! cmp -s "$here/k8s-schema/package-lock.json" "$work/package-lock.json" ||
   [ ! -d "$work/node_modules" ]; then
  cp "$here/k8s-schema/package.json" "$here/k8s-schema/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$here/k8s-schema/validate.mjs" "$work/"
status=0
for overlay in base overlays/dev overlays/prod; do
  printf '%-14s ' "$overlay:"
  kubectl kustomize "$root/deploy/k8s/$overlay" | node "$work/validate.mjs" || status=1
done
# The restore Job deploy/k8s/restore.sh applies.
printf '%-14s ' "restore job:"
"$root/deploy/k8s/restore.sh" --print-job ngoaivu-20261207T031700Z.rdb | node "$work/validate.mjs" || status=1
exit $status
