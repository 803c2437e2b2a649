#!/usr/bin/env bash
# test-pythons.sh: the Python suite on every CPython from 3.11 up that this
# machine offers, each in its own venv with the SAME installed wheel.
#
#   make test-pythons           (after make install; make test runs it)
#   CASPIAN_PYTHONS="3.12" ...  only these minors
#
# Which minors: the "Programming Language :: Python :: 3.N" classifiers of
# pyproject.toml, so the metadata claims exactly what is tested. An
# interpreter is the newest ~/.pyenv/versions/3.N.* (free-threaded "t" builds
# too, when present), else python3.N on PATH. A minor with none is reported
# as SKIPPED, never silently; CASPIAN_PYTHONS_STRICT=1 makes that a failure.
#
# Each interpreter runs the pytest selection given as arguments (default:
# python/tests but the debug-method and browser tests: the studio page in
# Chromium does not depend on the interpreter, and make test-py runs it), then, when CASPIAN_DEBUG_LIBRARY
# names the debug build (make build-debug), the debug-method tests against it,
# as `make test-py` does. CASPIAN_PYTHONS_DONE lists versions (3.11.7) the
# caller tested already (make test-py's .venv): reported, not run again.
# Venvs live in .ci-state/venvs.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
state="${CASPIAN_VENVS:-$repo/.ci-state/venvs}"
# make's DEV_PKGS (what the tests import, the type checkers, auditwheel, twine),
# read from the Makefile so the list lives once.
read -r -a pkgs <<<"$(sed -n 's/^DEV_PKGS := //p' Makefile)"
[ ${#pkgs[@]} -gt 0 ] || { echo "test-pythons: no DEV_PKGS in the Makefile" >&2; exit 1; }
log() { echo "test-pythons: $*" >&2; }

shopt -s nullglob
wheels=("$repo"/dist/caspian_prisma-*_"$(uname -m)".whl)
[ ${#wheels[@]} = 1 ] || { log "error: want one $(uname -m) wheel in dist/, found ${#wheels[@]}: run make wheel"; exit 1; }
wheel="${wheels[0]}"

if [ -n "${CASPIAN_PYTHONS:-}" ]; then
	read -r -a minors <<<"$CASPIAN_PYTHONS"
else
	mapfile -t minors < <(sed -n 's/.*"Programming Language :: Python :: \(3\.[0-9][0-9]*\)".*/\1/p' pyproject.toml)
fi
[ ${#minors[@]} -gt 0 ] || { log "error: no Python 3.N classifier in pyproject.toml"; exit 1; }

# interpreters MINOR: one path per build of that minor (regular, then "t").
interpreters() {
	local minor="$1" kind best d
	for kind in "" t; do
		# the highest patch: sort -V, since a glob puts 3.12.10 before 3.12.9
		best="$(for d in "$HOME"/.pyenv/versions/"$minor".*"$kind"; do
			[[ "$(basename "$d")" =~ ^$minor\.[0-9]+$kind$ ]] && [ -x "$d/bin/python" ] && echo "$d/bin/python"
		done | sort -V | tail -1)"
		if [ -z "$best" ] && command -v "python$minor$kind" >/dev/null 2>&1 &&
			"python$minor$kind" -c 'pass' >/dev/null 2>&1; then
			best="$(command -v "python$minor$kind")"
		fi
		[ -n "$best" ] && echo "$best"
	done
	return 0
}

if [ $# -eq 0 ]; then
	set -- -m "not debug_methods and not browser" python/tests
fi

results=()
failed=0
skipped=0
for minor in "${minors[@]}"; do
	mapfile -t pys < <(interpreters "$minor")
	if [ ${#pys[@]} = 0 ]; then
		log "SKIPPED Python $minor: no interpreter on this machine (looked for ~/.pyenv/versions/$minor.*, python$minor)"
		results+=("$minor  SKIPPED (not installed)")
		skipped=$((skipped + 1))
		continue
	fi
	for py in "${pys[@]}"; do
		ver="$("$py" -c 'import sys, sysconfig; print("%d.%d.%d%s" % (sys.version_info[:3] + ("t" if sysconfig.get_config_var("Py_GIL_DISABLED") else "",)))')"
		if [[ " ${CASPIAN_PYTHONS_DONE:-} " == *" $ver "* ]]; then
			log "Python $ver: tested already by the caller (make test-py)"
			results+=("$ver  passed in make test-py ($py)")
			continue
		fi
		venv="$state/py$ver"
		start=$SECONDS
		log "Python $ver ($py): venv $venv"
		if [ ! -x "$venv/bin/python" ]; then
			"$py" -m venv "$venv"
			"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
		fi
		"$venv/bin/python" -m pip install -q --disable-pip-version-check "${pkgs[@]}"
		"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
		rc=0
		PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" || rc=$?
		if [ $rc = 0 ] && [ -n "${CASPIAN_DEBUG_LIBRARY:-}" ]; then
			PATH="$venv/bin:$PATH" CASPIAN_PRISMA_LIBRARY="$CASPIAN_DEBUG_LIBRARY" \
				"$venv/bin/python" -m pytest -q -p no:cacheprovider -m debug_methods python/tests || rc=$?
		fi
		if [ $rc = 0 ]; then
			results+=("$ver  passed in $((SECONDS - start)) s ($py)")
		else
			results+=("$ver  FAILED (pytest exit $rc) in $((SECONDS - start)) s ($py)")
			failed=$((failed + 1))
		fi
	done
done

log "summary (wheel $(basename "$wheel"), pytest $*):"
for r in "${results[@]}"; do log "  Python $r"; done
[ $failed = 0 ] || exit 1
if [ $skipped -gt 0 ] && [ "${CASPIAN_PYTHONS_STRICT:-0}" = 1 ]; then
	log "error: $skipped Python version(s) missing and CASPIAN_PYTHONS_STRICT=1"
	exit 1
fi
