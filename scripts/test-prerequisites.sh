#!/usr/bin/env bash
# Run by `npm test` before Jest: sets up what the tests need beyond npm packages, so a fresh machine
# with only the README's prerequisites passes. Today that is a Chromium for the gateway's headless
# GraphiQL test (Playwright drives it; no browser download): Debian's `chromium`, installed with
# apt-get when we are root (or have password-less sudo). Otherwise one line says what to install, and
# only the GraphiQL test fails (with the same line); every other test still runs.
set -uo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

hint="install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "test prerequisites: no Chromium at $chromium and no root to install it: $hint" >&2
  exit 0
fi
if [ "$chromium" != /usr/bin/chromium ] || ! command -v apt-get >/dev/null; then
  echo "test prerequisites: no Chromium at $chromium: $hint" >&2
  exit 0
fi

echo "test prerequisites: installing Debian's chromium with apt-get (once per machine)" >&2
log="$(mktemp)"
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq)
if "${apt[@]}" update >"$log" 2>&1 &&
  "${apt[@]}" install -y --no-install-recommends chromium >>"$log" 2>&1; then
  rm -f "$log"
  exit 0
fi
echo "test prerequisites: apt-get could not install chromium (see $log): $hint" >&2
exit 0
