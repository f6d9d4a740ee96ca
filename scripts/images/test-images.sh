#!/usr/bin/env bash
# `npm run test:images`: builds the images (`npm run images`, warm after the first run), then runs
# test/images (each image under podman, and the bundles over a production-only install).
# Needs root (podman) and Kafka and OpenSearch (found or started as for `npm test`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source scripts/node24.sh
source scripts/images/podman-env.sh
bash scripts/images/build-images.sh
exec node --experimental-vm-modules --disable-warning=ExperimentalWarning \
  node_modules/jest/bin/jest.js --config test/images/jest.config.mts "$@"
