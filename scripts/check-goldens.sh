#!/usr/bin/env bash
# Regenerates every golden file (go test -update in each package that has
# goldens) and fails if that changes anything: a golden that its own code no
# longer produces, or one nobody regenerated after a change, is caught here.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(./abi ./engine/codegen ./engine/dialect ./engine/migrate ./engine/query ./schema)
dirs=()
for p in "${pkgs[@]}"; do dirs+=("$p/testdata"); done
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
for d in "${dirs[@]}"; do mkdir -p "$before/$d"; cp -r "$d/." "$before/$d/"; done
if ! out=$(go test -count=1 "${pkgs[@]}" -args -update 2>&1); then
	echo "$out" | tail -40 >&2
	echo "goldens: go test -update failed" >&2
	exit 1
fi
status=0
for d in "${dirs[@]}"; do
	if ! diff -r "$before/$d" "$d" >/dev/null; then
		echo "goldens: regenerating changed $d:" >&2
		diff -ru "$before/$d" "$d" | head -40 >&2 || true
		status=1
	fi
done
[ $status = 0 ] && echo "goldens: all ${#pkgs[@]} packages regenerate their goldens unchanged"
exit $status
