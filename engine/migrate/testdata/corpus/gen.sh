#!/usr/bin/env bash
# gen.sh: regenerate the expected SQL of every corpus case with Prisma's own schema engine
# (the wasm build, driven by harness/diff.mjs). CI never runs this; the files it writes are committed.
#
#   bash gen.sh [PG_URL] [case ...]
#
# PG_URL (or $ORACLE_PG_URL) must name a reachable PostgreSQL database (the engine connects even for a
# schema-to-schema diff; nothing is written to it). With case names, only those cases are regenerated.
# Needs Node 20 and `npm install` in harness/ (once).
#
# Per case directory cases/<name>/:
#   from.prisma       absent => the diff source is `empty` (= migrate diff --from-empty)
#   to.prisma         the target schema
#   providers         optional; providers that apply, one per line (default: sqlite and postgresql)
# Schemas say `provider = "PROVIDER"`; it is replaced by the provider name in temp copies.
# Outputs per provider P: P.sql (diff --script stdout, byte for byte), P.summary.txt (diff without --script).
# If the engine rejects a case, P.error gets its stderr, the .sql is removed, and gen.sh exits 1 at the end.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pg_url="${1:-${ORACLE_PG_URL:-}}"
[ $# -gt 0 ] && shift
[ -n "$pg_url" ] || { echo "usage: gen.sh PG_URL [case ...]  (or set ORACLE_PG_URL)" >&2; exit 2; }
[ -d "$here/harness/node_modules" ] || { echo "gen.sh: run 'npm install' in $here/harness first" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then cases=("$@"); else cases=(); for d in "$here"/cases/*/; do cases+=("$(basename "$d")"); done; fi

url_for() { if [ "$1" = sqlite ]; then echo 'file::memory:'; else echo "$pg_url"; fi; }

failed=0
for c in "${cases[@]}"; do
	dir="$here/cases/$c"
	[ -f "$dir/to.prisma" ] || { echo "gen.sh: $c: no to.prisma" >&2; failed=1; continue; }
	if [ -f "$dir/providers" ]; then mapfile -t provs < <(grep -v '^\s*$' "$dir/providers"); else provs=(sqlite postgresql); fi
	# only its own outputs: mysql.sql (our golden) and the push files (gen-push.sh) stay
	rm -f "$dir"/sqlite.sql "$dir"/postgresql.sql "$dir"/*.summary.txt "$dir"/sqlite.error "$dir"/postgresql.error
	for p in "${provs[@]}"; do
		mkdir -p "$tmp/$c/$p"
		from=empty
		if [ -f "$dir/from.prisma" ]; then from="$tmp/$c/$p/from.prisma"; sed "s/PROVIDER/$p/" "$dir/from.prisma" > "$from"; fi
		to="$tmp/$c/$p/to.prisma"; sed "s/PROVIDER/$p/" "$dir/to.prisma" > "$to"
		url="$(url_for "$p")"
		if ! node "$here/harness/diff.mjs" "$p" "$url" "$from" "$to" > "$dir/$p.sql" 2> "$tmp/err"; then
			{ cat "$tmp/err"; } > "$dir/$p.error"; rm -f "$dir/$p.sql"
			echo "gen.sh: $c/$p: engine error (see $dir/$p.error)" >&2; failed=1; continue
		fi
		if ! node "$here/harness/diff.mjs" "$p" "$url" "$from" "$to" --summary > "$dir/$p.summary.txt" 2> "$tmp/err"; then
			cat "$tmp/err" > "$dir/$p.error"; rm -f "$dir/$p.summary.txt"; failed=1
		fi
	done
done
exit $failed
