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
bash scripts/images/build-images.sh
echo "test:cluster: tools and images ready after $((SECONDS - started)) s" >&2
# A cluster left over from an interrupted run is torn down first.
bash deploy/k8s-local/down.sh >/dev/null 2>&1 || true
exec node --experimental-vm-modules --disable-warning=ExperimentalWarning \
  node_modules/jest/bin/jest.js --config test/cluster/jest.config.mts "$@"
