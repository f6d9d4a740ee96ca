#!/usr/bin/env bash
# Prints the path of a real helm v4 binary, building it once from the Go module proxy into a cache
# outside the clone and reusing it afterwards. Needs Go 1.26+ on PATH (only the first time).
#   bash scripts/tools/helm.sh            -> /root/.cache/callrecords/tools/helm-v4.3.2/helm
#   "$(bash scripts/tools/helm.sh)" lint charts/callrecords
# Cache: CALLRECORDS_TOOLS_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools).
set -euo pipefail
HELM_VERSION="${HELM_VERSION:-v4.3.2}"
tools="${CALLRECORDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools}"
dir="$tools/helm-$HELM_VERSION"
bin="$dir/helm"

if [ ! -x "$bin" ]; then
  if ! command -v go >/dev/null 2>&1; then
    for candidate in /usr/local/go/bin /usr/lib/go/bin; do
      [ -x "$candidate/go" ] && PATH="$candidate:$PATH" && break
    done
  fi
  command -v go >/dev/null 2>&1 || {
    echo "helm.sh: Go is needed once to build helm $HELM_VERSION (apt-get install golang, or Go 1.26+)" >&2
    exit 1
  }
  echo "helm.sh: building helm $HELM_VERSION from the Go module proxy into $dir (a few minutes, once)" >&2
  mkdir -p "$tools"
  tmp="$(mktemp -d "$tools/.helm-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # A plain `go install` leaves internal/version at its source default; stamp the real version.
  GOBIN="$tmp" GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >&2
  mkdir -p "$dir"
  mv "$tmp/helm" "$bin.partial" && mv "$bin.partial" "$bin"
fi
echo "$bin"
