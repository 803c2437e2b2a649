#!/usr/bin/env bash
# chromium-up.sh: makes sure Debian's headless-capable Chromium is installed,
# for the `ppy studio` browser tests (python/tests/e2e/test_studio_browser.py,
# driven by Playwright for Python pointed at /usr/bin/chromium; Playwright's
# own browser download, `playwright install`, is never used).
#
# Installs the `chromium` package with apt-get when missing (as root, like
# scripts/db-up.sh does for the database servers); prints the binary's path.
# Without root and without chromium it fails with a message saying so.
set -euo pipefail

log() { echo "chromium-up: $*" >&2; }
die() { log "$*"; exit 1; }

find_chromium() {
	local b
	for b in "${CASPIAN_CHROMIUM:-}" /usr/bin/chromium chromium; do
		[ -n "$b" ] && command -v "$b" >/dev/null 2>&1 && { command -v "$b"; return 0; }
	done
	return 1
}

if bin=$(find_chromium); then
	echo "$bin"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "chromium is missing; run as root or install it: apt-get install chromium"
log "installing chromium"
export DEBIAN_FRONTEND=noninteractive
# Lock::Timeout: wait for a concurrent apt (db-up.sh may be running) instead of failing.
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
bin=$(find_chromium) || die "chromium installed but not found on PATH"
echo "$bin"
