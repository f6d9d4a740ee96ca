#!/usr/bin/env bash
# `npm run test:cluster`: builds what the local cluster needs once (Kubernetes, etcd, CoreDNS, pause and
# helm from the Go module proxy, cached in ~/.cache/callrecords/tools; the project's images with podman),
# then runs the drill in test/cluster, which brings the cluster up, checks it and tears it down.
# Needs root. Cold (nothing cached): up to 20 min; warm: a few minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ "$(id -u)" -eq 0 ] || { echo "test:cluster needs root (kubelet, containerd, iptables)" >&2; exit 1; }
source scripts/node24.sh
source scripts/images/podman-env.sh
started=$SECONDS
bash deploy/k8s-local/tools.sh >/dev/null
bash deploy/k8s-local/crds.sh >/dev/null
bash scripts/tools/helm.sh >/dev/null
# The images of this very commit (a clean tree whose images carry HEAD's revision label, as after
# `npm run test:images` in CI) are used as they are; otherwise they are built (about a minute).
images_current() {
  [ -z "$(git status --porcelain 2>/dev/null)" ] || return 1
  local revision version service
  revision="$(git rev-parse HEAD)"
  version="$(node -p 'require("./package.json").version')"
  for service in $(sed -nE 's/^FROM runtime AS ([a-z-]+)$/\1/p' deploy/docker/Containerfile); do
    [ "$(podman image inspect --format '{{index .Labels "org.opencontainers.image.revision"}}' \
      "localhost/callrecords-$service:$version" 2>/dev/null)" = "$revision" ] || return 1
  done
}
if images_current; then
  echo "test:cluster: images of $(git rev-parse --short HEAD) already built" >&2
else
  bash scripts/images/build-images.sh
fi
echo "test:cluster: tools and images ready after $((SECONDS - started)) s" >&2
# A cluster left over from an interrupted run is torn down first, and whatever this run leaves up
# (a failed or interrupted drill) is torn down at the end: down.sh does nothing when nothing is up.
bash deploy/k8s-local/down.sh >/dev/null 2>&1 || true
trap 'bash deploy/k8s-local/down.sh >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM
node --experimental-vm-modules --disable-warning=ExperimentalWarning \
  node_modules/jest/bin/jest.js --config test/cluster/jest.config.mts "$@"
