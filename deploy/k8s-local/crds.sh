#!/usr/bin/env bash
# Prints a folder holding the CustomResourceDefinitions the chart's optional objects need: KEDA's
# (ScaledObject, TriggerAuthentication, …; github.com/kedacore/keda/v2, config/crd/bases) and the
# Prometheus Operator's ServiceMonitor (github.com/prometheus-operator/prometheus-operator,
# example/prometheus-operator-crd), each taken once from its project's own Go module through the Go
# module proxy and cached beside the other tools. `kubectl apply --server-side -f <folder>` installs them.
set -euo pipefail
KEDA_VERSION="${KEDA_VERSION:-v2.21.0}"
PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}"
tools="${CALLRECORDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools}"
dir="$tools/crds-keda-$KEDA_VERSION-prometheus-operator-$PROMETHEUS_OPERATOR_VERSION"
if [ ! -f "$dir/monitoring.coreos.com_servicemonitors.yaml" ]; then
  source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/tools/go-path.sh"
  need_go "the CRD folder"
  module_dir() { (cd /tmp && GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p'); }
  keda="$(module_dir "github.com/kedacore/keda/v2@$KEDA_VERSION")"
  operator="$(module_dir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")"
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  cp "$keda"/config/crd/bases/keda.sh_*.yaml "$dir.partial/"
  cp "$operator/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" "$dir.partial/"
  chmod 644 "$dir.partial"/*.yaml
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
fi
echo "$dir"
