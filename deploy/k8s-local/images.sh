#!/usr/bin/env bash
# Imports images into the local cluster's containerd (no registry): the pause and CoreDNS images,
# made here from the cached binaries, and the project's images from podman (`npm run images`).
# Pods use `imagePullPolicy: Never` or `IfNotPresent` with these localhost/ names.
#   bash deploy/k8s-local/images.sh [podman image…]   (default: every localhost/callrecords-<service> image)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/env.sh"
source "$root/scripts/images/podman-env.sh"
sock="$K8S_STATE/containerd/containerd.sock"

# A one-binary image (FROM scratch): a tar of the binary, imported with its entrypoint.
binary_image() { # image binary
  podman image exists "$1" && return 0
  local dir
  dir="$(mktemp -d)"
  cp "$2" "$dir/$(basename "$2")"
  tar -C "$dir" -cf "$dir.tar" "$(basename "$2")"
  podman import --quiet --change "ENTRYPOINT [\"/$(basename "$2")\"]" --change 'USER 65534' \
    "$dir.tar" "$1" >/dev/null
  rm -rf "$dir" "$dir.tar"
}
binary_image "localhost/pause:$K8S_VERSION" "$PAUSE_BIN"
binary_image "localhost/coredns:$COREDNS_VERSION" "$COREDNS_BIN"

images=("localhost/pause:$K8S_VERSION" "localhost/coredns:$COREDNS_VERSION")
if [ "$#" -gt 0 ]; then
  images+=("$@")
elif [ -n "${CALLRECORDS_K8S_IMAGES:-}" ]; then
  read -r -a extra <<<"$CALLRECORDS_K8S_IMAGES"
  images+=("${extra[@]}")
else
  mapfile -t extra < <(podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/callrecords-' |
    grep -v -e ':<none>$' -e '^localhost/callrecords-base:' -e '^localhost/callrecords-debian:' || true)
  images+=("${extra[@]}")
fi
# One archive for all: layers the images share (the Debian base, Node) are written once.
archive="$K8S_STATE/images/images.tar"
mkdir -p "$(dirname "$archive")"
rm -f "$archive"
podman save --quiet --multi-image-archive --format docker-archive -o "$archive" "${images[@]}"
ctr --address "$sock" -n k8s.io images import "$archive" >/dev/null
rm -f "$archive"
echo "k8s-local: imported ${images[*]}" >&2
