#!/usr/bin/env bash
# Sourced by the tool builders (helm.sh, deploy/k8s-local/tools.sh, crds.sh): puts Go on PATH when it
# is installed but not on PATH, or fails naming what needs it. usage: need_go "<what it builds>"
need_go() {
  if ! command -v go >/dev/null 2>&1; then
    for candidate in /usr/local/go/bin /usr/lib/go/bin; do
      [ -x "$candidate/go" ] && PATH="$candidate:$PATH" && break
    done
  fi
  command -v go >/dev/null 2>&1 || {
    echo "Go 1.26+ is needed once to build $1 (https://go.dev/dl or apt-get install golang)" >&2
    exit 1
  }
}
