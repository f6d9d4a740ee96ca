#!/usr/bin/env bash
# Prints a folder holding KEDA's CustomResourceDefinitions (ScaledObject, TriggerAuthentication, …),
# taken once from KEDA's own Go module (github.com/kedacore/keda/v2, config/crd/bases) through the Go
# module proxy, and cached beside the other tools. `kubectl apply -f <folder>` installs them.
set -euo pipefail
KEDA_VERSION="${KEDA_VERSION:-v2.21.0}"
tools="${CALLRECORDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools}"
dir="$tools/keda-crds-$KEDA_VERSION"
if [ ! -f "$dir/keda.sh_scaledobjects.yaml" ]; then
  if ! command -v go >/dev/null 2>&1; then
    for candidate in /usr/local/go/bin /usr/lib/go/bin; do
      [ -x "$candidate/go" ] && PATH="$candidate:$PATH" && break
    done
  fi
  module_dir="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" |
    sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  mkdir -p "$dir.partial"
  cp "$module_dir"/config/crd/bases/keda.sh_*.yaml "$dir.partial/"
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
fi
echo "$dir"
