#!/usr/bin/env bash
# Prints the path of a real helm v4 binary, building it once from the Go module proxy into a cache
# outside the clone and reusing it afterwards. Needs Go 1.26+ on PATH (only the first time; /usr/local/go
# is looked at too). Concurrent callers (parallel test files, the cluster script) wait on one build.
#   bash scripts/tools/helm.sh            -> ~/.cache/callrecords/tools/helm-v4.3.2/helm
#   "$(bash scripts/tools/helm.sh)" lint charts/callrecords
# Cache: CALLRECORDS_TOOLS_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools).
set -euo pipefail
HELM_VERSION="${HELM_VERSION:-v4.3.2}"
tools="${CALLRECORDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools}"
dir="$tools/helm-$HELM_VERSION"
bin="$dir/helm"

build() {
  source "$(dirname "${BASH_SOURCE[0]}")/go-path.sh"
  need_go "helm $HELM_VERSION"
  echo "helm.sh: building helm $HELM_VERSION from the Go module proxy into $dir (minutes, once)" >&2
  local tmp
  tmp="$(mktemp -d "$tools/.helm-XXXXXX")"
  # A plain `go install` leaves internal/version at its source default; stamp the real version.
  GOBIN="$tmp" GOTOOLCHAIN=local CGO_ENABLED=0 go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >&2
  mkdir -p "$dir"
  mv "$tmp/helm" "$bin.partial" && mv "$bin.partial" "$bin"
  rm -rf "$tmp"
}

if [ ! -x "$bin" ]; then
  mkdir -p "$tools"
  exec 9>"$tools/.helm-$HELM_VERSION.lock"
  flock 9
  [ -x "$bin" ] || build
fi
echo "$bin"
