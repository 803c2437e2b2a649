#!/usr/bin/env bash
# arm64-python.sh ROOT ARGS...: the arm64 root's python3.11 under
# qemu-aarch64-static, invoked directly (-L ROOT: the guest's loader and
# libraries come from ROOT), so no binfmt_misc registration is needed.
set -euo pipefail
root="$1"
shift
exec qemu-aarch64-static -L "$root" "$root/usr/bin/python3.11" "$@"
