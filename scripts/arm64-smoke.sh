#!/usr/bin/env bash
# arm64-smoke.sh: the aarch64 wheel, installed as pip installs it, loads and
# answers queries on SQLite in an arm64 Python run by qemu-aarch64-static.
#
#   make test-arm64     (builds the wheel first; this script needs it in dist/)
#
# 1. qemu-user-static from Debian (scripts/cross-up.sh qemu);
# 2. a Debian arm64 root with python3.11 (scripts/arm64-sysroot.sh, cached
#    under .ci-state/arm64/);
# 3. `pip install --target --platform manylinux2014_aarch64`: our wheel and
#    its dependencies (msgpack's aarch64 wheel from PyPI) as pip resolves them
#    for that machine;
# 4. in a copy of examples/page: `ppy db push`, `ppy generate` (as
#    `python -m caspian_prisma.cli`), then scripts/arm64_check.py and the
#    page's main.py.
# qemu is invoked directly (-L root), so no binfmt_misc registration is needed;
# for the same reason nothing here lets the arm64 Python start a subprocess.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="${PYTHON:-$repo/.venv/bin/python}"
state="${CASPIAN_ARM64_STATE:-$repo/.ci-state/arm64}"
log() { echo "arm64-smoke: $*" >&2; }

shopt -s nullglob
wheels=("$repo"/dist/caspian_prisma-*_aarch64.whl)
[ ${#wheels[@]} = 1 ] || { log "error: want one aarch64 wheel in dist/, found ${#wheels[@]}: run make wheel-arm64"; exit 1; }
wheel="${wheels[0]}"

start=$SECONDS
bash "$repo/scripts/cross-up.sh" qemu
root="$state/sysroot"
bash "$repo/scripts/arm64-sysroot.sh" "$root"
pyver="$("$repo/scripts/arm64-python.sh" "$root" -c 'import sys; print("%d%d" % sys.version_info[:2])')"
log "sysroot ready ($((SECONDS - start)) s): Python $pyver for aarch64"

site="$state/site"
rm -rf "$site"
"$py" -m pip install -q --disable-pip-version-check --target "$site" \
	--platform manylinux_2_17_aarch64 --platform manylinux2014_aarch64 --implementation cp --python-version "$pyver" \
	--only-binary=:all: "$wheel"
log "installed $(basename "$wheel") and its dependencies into $site"

project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
cp -r "$repo/examples/page/." "$project/"
rm -f "$project/prisma/dev.db"
run() { (cd "$project" && CASPIAN_ARM64_SITE="$site" PYTHONPATH="$site" "$repo/scripts/arm64-python.sh" "$root" "$@"); }
run -m caspian_prisma.cli db push
run -m caspian_prisma.cli generate
run "$repo/scripts/arm64_check.py"
# and every snippet of the page, as make demo runs them on x86_64
run main.py >"$project/main.out" || { cat "$project/main.out"; log "error: main.py failed"; exit 1; }
want=$(grep -c 'show("' "$project/main.py")
got=$(grep -c '^[^ ].*:$' "$project/main.out" || true)
[ "$got" = "$want" ] || { cat "$project/main.out"; log "error: main.py printed $got of its $want snippets"; exit 1; }
log "examples/page/main.py: all $got snippets printed"
log "done in $((SECONDS - start)) s"
