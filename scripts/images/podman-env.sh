#!/usr/bin/env bash
# Sourced by the image scripts: installs podman (and what the local base image needs) from Debian's
# packages when missing, and points podman at a containers.conf this kind of VM needs.
# Exports CALLRECORDS_IMAGE_CACHE (build caches kept outside the clone) and CONTAINERS_CONF.
CALLRECORDS_IMAGE_CACHE="${CALLRECORDS_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/images}"
export CALLRECORDS_IMAGE_CACHE
mkdir -p "$CALLRECORDS_IMAGE_CACHE"

_missing=()
for _tool in podman:podman runc:runc debootstrap:debootstrap strip:binutils; do
  command -v "${_tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${_tool%%:*}" ] || _missing+=("${_tool##*:}")
done
if [ "${#_missing[@]}" -gt 0 ]; then
  _sudo=""
  [ "$(id -u)" -eq 0 ] || _sudo="sudo"
  echo "images: installing ${_missing[*]} from Debian's packages" >&2
  $_sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${_missing[@]}" >/dev/null ||
    { $_sudo apt-get update -qq && $_sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
      --no-install-recommends "${_missing[@]}" >/dev/null; }
fi

# runc, not crun (crun refuses cgroup v1 hybrid hosts), and default ulimits no higher than the
# caller's hard limits (podman's defaults fail where the VM may not raise them).
if [ -z "${CONTAINERS_CONF:-}" ]; then
  CONTAINERS_CONF="$CALLRECORDS_IMAGE_CACHE/containers.conf"
  # 4096 processes were proven on this VM (a higher NPROC is refused even below the hard limit).
  _nofile="$(ulimit -Hn)"
  [ "$_nofile" = unlimited ] || [ "$_nofile" -gt 65536 ] && _nofile=65536
  _nproc=4096
  cat >"$CONTAINERS_CONF.tmp" <<CONF
[containers]
default_ulimits = ["nofile=$_nofile:$_nofile", "nproc=$_nproc:$_nproc"]
[engine]
runtime = "runc"
CONF
  mv "$CONTAINERS_CONF.tmp" "$CONTAINERS_CONF"
  export CONTAINERS_CONF
fi
