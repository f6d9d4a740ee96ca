#!/usr/bin/env bash
# `npm run images`: the base image (built once, without a registry), the services built on the host
# (`npm run build`, cached by Nx), then one image per target of deploy/docker/Containerfile, tagged
# localhost/callrecords-<service>:<version>. Prints each image's size and what it adds to the base.
# Needs root (or sudo) the first time, for podman and debootstrap. BASE_IMAGE=<image> skips the base.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
started=$SECONDS
source scripts/node24.sh
source scripts/images/podman-env.sh

base="${BASE_IMAGE:-$(bash scripts/images/base-image.sh)}"
npx nx run-many -t build --outputStyle=static >"$CALLRECORDS_IMAGE_CACHE/build.log" 2>&1 ||
  { tail -n 40 "$CALLRECORDS_IMAGE_CACHE/build.log" >&2; exit 1; }

containerfile=deploy/docker/Containerfile
mapfile -t services < <(sed -nE 's/^FROM runtime AS ([a-z-]+)$/\1/p' "$containerfile")
version="$(node -p 'require("./package.json").version')"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
source_url="$(git remote get-url origin 2>/dev/null || echo unknown)"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000000 }'; }
base_bytes="$(podman image inspect --format '{{.Size}}' "$base")"
echo "base $base: $(mb "$base_bytes") MB"

# The context is the build output alone: podman then reads 30 MB, not the whole clone.
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/dist" && cp -r dist/services "$context/dist/services"

# --no-cache: buildah's layer cache (podman 4.3) reuses a stage whose only change is a build
# argument or a --label, so an image of a new commit kept the previous revision label. The layers
# are a COPY of one bundle and a few metadata lines on the cached base: a few seconds each.
for service in "${services[@]}"; do
  image="localhost/callrecords-$service:$version"
  previous="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  podman build --quiet --file "$containerfile" --ignorefile "$containerfile.dockerignore" \
    --target "$service" --tag "$image" \
    --build-arg BASE_IMAGE="$base" --build-arg DIST=context --build-arg VERSION="$version" \
    --build-arg REVISION="$revision" --build-arg SOURCE="$source_url" \
    --no-cache "$context" >/dev/null
  current="$(podman image inspect --format '{{.Id}}' "$image")"
  if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
    podman rmi "$previous" >/dev/null 2>&1 || true # still used by a container: kept
  fi
  bytes="$(podman image inspect --format '{{.Size}}' "$image")"
  echo "$image: $(mb "$bytes") MB, $(mb $((bytes - base_bytes))) MB above the base"
done
# Intermediate images of earlier builds (every stage carries the vendor label): only ours are pruned.
podman image prune --force --filter label=org.opencontainers.image.vendor=callrecords >/dev/null
echo "images: ${#services[@]} built in $((SECONDS - started)) s"
