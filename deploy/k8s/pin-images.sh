#!/usr/bin/env bash
# Pins an overlay's images to digests for a release: each IMAGE@sha256:...
# (as deploy/docker/build.sh prints them) replaces that image's tag in the
# overlay's kustomization.yaml `images:` list, as `kustomize edit set
# image` would; images not named keep what they have. Refuses a digest
# that is not 64 hex digits, or one of the zero placeholders.
#   deploy/k8s/pin-images.sh deploy/k8s/overlays/prod \
#     ngoaivu/registry@sha256:4f1c... ngoaivu/tasks@sha256:9ab0...
set -euo pipefail
overlay=${1:?usage: pin-images.sh OVERLAY IMAGE@sha256:DIGEST...}
shift
file=$overlay/kustomization.yaml
[ -f "$file" ] || { echo "pin-images.sh: no $file" >&2; exit 2; }
[ "$#" -gt 0 ] || { echo "pin-images.sh: name at least one IMAGE@sha256:DIGEST" >&2; exit 2; }
for pinned in "$@"; do
  name=${pinned%@*} digest=${pinned#*@}
  if [[ ! "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || [[ "$digest" =~ ^sha256:0{56} ]]; then
    echo "pin-images.sh: '$pinned' is not IMAGE@sha256:<64 hex digits of a real image>" >&2
    exit 2
  fi
  grep -q "^  - name: $name\$" "$file" ||
    { echo "pin-images.sh: $file has no image $name" >&2; exit 2; }
  # The entry's tag or digest line (the one after its name) becomes the digest.
  awk -v name="$name" -v digest="$digest" '
    entry && /^    (newTag|digest): / { print "    digest: " digest; entry = 0; next }
    { entry = ($0 == "  - name: " name) || (entry && !/^  - /) ; print }
  ' "$file" >"$file.new"
  mv "$file.new" "$file"
  echo "$name pinned to $digest"
done
