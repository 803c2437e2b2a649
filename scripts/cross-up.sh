#!/usr/bin/env bash
# cross-up.sh: install the Debian packages that the wheel builds and their
# tests need beyond the base machine, when missing (apt-get, as root).
#
#   bash scripts/cross-up.sh            the aarch64 cross compiler (make wheels)
#   bash scripts/cross-up.sh qemu       and qemu-user-static (make test-arm64)
#   bash scripts/cross-up.sh musl       and musl-tools (no wheel: see musllinux in CONTRIBUTING.md)
#
# Idempotent: present tools are not reinstalled. Same pattern as db-up.sh:
# progress on stderr, waits for a running apt instead of failing.
set -euo pipefail

log() { echo "cross-up: $*" >&2; }
die() { log "error: $*"; exit 1; }

# want <command> <package>: the package when its command is missing.
want() { command -v "$1" >/dev/null 2>&1 || echo "$2"; }

missing() {
	want aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	# The compiler only recommends its C library; without it cgo would read
	# the build machine's /usr/include.
	[ -e /usr/aarch64-linux-gnu/include/stdio.h ] || echo libc6-dev-arm64-cross
	local extra
	for extra in "$@"; do
		case "$extra" in
		qemu) want qemu-aarch64-static qemu-user-static ;;
		musl) want musl-gcc musl-tools ;;
		*) die "unknown extra '$extra' (qemu, musl)" ;;
		esac
	done
}

wait_for_apt() {
	command -v pgrep >/dev/null 2>&1 || return 0
	local i=0
	while pgrep -x apt-get >/dev/null 2>&1 || pgrep -x dpkg >/dev/null 2>&1 || pgrep -x apt >/dev/null 2>&1; do
		[ $i = 0 ] && log "waiting for a running apt/dpkg to finish"
		i=$((i + 1))
		[ $i -gt 600 ] && die "apt/dpkg still busy after 10 minutes"
		sleep 1
	done
}

pkgs="$(missing "$@")"
[ -z "$pkgs" ] && exit 0
wait_for_apt
pkgs="$(missing "$@")"
[ -z "$pkgs" ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages ($(echo $pkgs)); run as root or install them"
log "installing $(echo $pkgs)"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 &&
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $pkgs >&2 ||
	die "apt-get failed"
