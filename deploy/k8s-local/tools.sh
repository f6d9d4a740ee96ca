#!/usr/bin/env bash
# Builds, once, the binaries the local single-node Kubernetes needs, from the Go module proxy, into a cache
# outside the clone, and prints the cache folder. Later runs find them there and build nothing.
#   bash deploy/k8s-local/tools.sh            -> builds what is missing, prints the tools folder
#   bash deploy/k8s-local/tools.sh --check    -> exit 1 if something is missing (builds nothing)
#   CALLRECORDS_TOOLS_ONLY="etcd pause" bash deploy/k8s-local/tools.sh -> builds only those
# Cache: CALLRECORDS_TOOLS_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools):
#   kubernetes-<v>/{kube-apiserver,kube-controller-manager,kube-scheduler,kubelet,kube-proxy,kubectl}
#   etcd-<v>/etcd   coredns-<v>/coredns   pause-<k8s v>/pause
# Needs Go 1.26+ and gcc (for the static pause binary). Only the binaries are kept (the Go build cache is
# cleaned when CALLRECORDS_GO_CLEAN=1).
set -euo pipefail
K8S_VERSION="${K8S_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.15.0}"
tools="${CALLRECORDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools}"
k8s_dir="$tools/kubernetes-$K8S_VERSION"
etcd_dir="$tools/etcd-$ETCD_VERSION"
coredns_dir="$tools/coredns-$COREDNS_VERSION"
pause_dir="$tools/pause-$K8S_VERSION"
K8S_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

missing() {
  local c
  for c in "${K8S_COMMANDS[@]}"; do [ -x "$k8s_dir/$c" ] || echo "kubernetes"; done | sort -u
  [ -x "$etcd_dir/etcd" ] || echo etcd
  [ -x "$coredns_dir/coredns" ] || echo coredns
  [ -x "$pause_dir/pause" ] || echo pause
}

if [ "${1:-}" = "--check" ]; then
  m="$(missing)"
  [ -z "$m" ] && { echo "$tools"; exit 0; }
  echo "missing: $m" >&2
  exit 1
fi

todo="$(missing)"
# CALLRECORDS_TOOLS_ONLY="etcd coredns" builds only those (e.g. beside a running Kubernetes build).
if [ -n "${CALLRECORDS_TOOLS_ONLY:-}" ]; then
  todo="$(grep -x -F -f <(tr ' ' '\n' <<<"$CALLRECORDS_TOOLS_ONLY") <<<"$todo" || true)"
fi
if [ -z "$todo" ]; then
  echo "$tools"
  exit 0
fi

source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/tools/go-path.sh"
need_go "$(echo $todo)"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0
mkdir -p "$tools"
work="$(mktemp -d "$tools/.build-XXXXXX")"
trap 'rm -rf "$work"' EXIT
say() { echo "tools.sh: $(date -u +%T) $*" >&2; }

# Moves a finished binary into place atomically so an interrupted build never leaves a broken cache.
place() { # src dest
  mkdir -p "$(dirname "$2")"
  mv "$1" "$2.partial" && mv "$2.partial" "$2"
}

k8s_module() {
  # k8s.io/kubernetes replaces its staging modules with ./staging paths, which `go install` refuses;
  # a wrapper module requires it and points each staging module at its published v0.x twin.
  local dir="$work/k8s" staging="v0.${K8S_VERSION#v1.}"
  mkdir -p "$dir"
  (cd "$dir" && go mod download k8s.io/kubernetes@"$K8S_VERSION")
  local kmod
  kmod="$(go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION/go.mod"
  {
    echo "module k8sbuild"
    echo
    echo "go $(awk '/^go /{print $2}' "$kmod")"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    sed -n '/^replace (/,/^)/p' "$kmod" |
      awk -v sv="$staging" '/=> \.\/staging/ { if ($1 !~ /sample-/) print "\t" $1 " => " $1 " " sv }'
    echo ")"
  } >"$dir/go.mod"
  echo "$dir"
}

if grep -qx kubernetes <<<"$todo"; then
  say "building Kubernetes $K8S_VERSION (${K8S_COMMANDS[*]}) from the Go module proxy (about 6-10 min cold)"
  dir="$(k8s_module)"
  major="$(echo "$K8S_VERSION" | cut -d. -f1 | tr -d v)"
  minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  ld="-s -w"
  # kubectl and the components refuse an unstamped version ("v0.0.0-master")
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ld="$ld -X $p.gitTreeState=clean -X $p.buildDate=2026-01-01T00:00:00Z"
  done
  (
    cd "$dir"
    # always name the version: without it `go get` silently upgrades
    go get $(for c in "${K8S_COMMANDS[@]}"; do echo "k8s.io/kubernetes/cmd/$c@$K8S_VERSION"; done) 2>&1 |
      grep -v '^go: downloading' >&2 || true
    mkdir -p out
    go build -trimpath -ldflags="$ld" -o out/ $(for c in "${K8S_COMMANDS[@]}"; do echo "k8s.io/kubernetes/cmd/$c"; done)
  )
  for c in "${K8S_COMMANDS[@]}"; do place "$dir/out/$c" "$k8s_dir/$c"; done
  say "Kubernetes done"
fi

if grep -qx etcd <<<"$todo"; then
  say "building etcd $ETCD_VERSION"
  dir="$work/etcd"
  mkdir -p "$dir"
  printf 'module etcdbuild\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$dir/go.mod"
  (
    cd "$dir"
    go get go.etcd.io/etcd/server/v3@"$ETCD_VERSION" 2>&1 | grep -v '^go: downloading' >&2 || true
    go build -trimpath -ldflags="-s -w" -o out/etcd go.etcd.io/etcd/server/v3
  )
  place "$dir/out/etcd" "$etcd_dir/etcd"
fi

if grep -qx coredns <<<"$todo"; then
  say "building CoreDNS $COREDNS_VERSION"
  mkdir -p "$work/coredns"
  GOBIN="$work/coredns" go install -trimpath -ldflags="-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"
  place "$work/coredns/coredns" "$coredns_dir/coredns"
fi

if grep -qx pause <<<"$todo"; then
  say "building the pause binary of Kubernetes $K8S_VERSION (gcc -static)"
  command -v gcc >/dev/null 2>&1 || { echo "tools.sh: gcc is needed for pause (apt-get install gcc libc6-dev)" >&2; exit 1; }
  (cd "$work" && GOFLAGS=-mod=mod go mod download k8s.io/kubernetes@"$K8S_VERSION")
  src="$(go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION/build/pause/linux/pause.c"
  gcc -Os -static -DVERSION="$K8S_VERSION" -o "$work/pause" "$src"
  strip "$work/pause"
  place "$work/pause" "$pause_dir/pause"
fi

[ "${CALLRECORDS_GO_CLEAN:-0}" = 1 ] && go clean -cache
say "done"
echo "$tools"
