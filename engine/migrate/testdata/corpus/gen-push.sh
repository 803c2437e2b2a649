#!/usr/bin/env bash
# gen-push.sh: record Prisma's data-loss verdict of `db push` for every alter_* case, with Prisma's own
# schema engine (the wasm build, driven by harness/push.mjs). CI never runs this; the files it writes are
# committed and compared by corpus_push_test.go (TestCorpusPushVerdicts).
#
#   bash gen-push.sh [PG_URL] [case ...]
#
# PG_URL (or $ORACLE_PG_URL) names a PostgreSQL database the script can connect to and CREATE DATABASE
# from; each run works in its own scratch database (corpus_push_<pid>), created and dropped per push.
# Needs Node 20, psql, and `npm install` in harness/ (once). With case names, only those cases are redone.
#
# Per case with a from.prisma (the alter_* cases) and provider P (see gen.sh for `providers`):
#   P.push-empty.json  fresh database; schemaPush(from) ; schemaPush(to, force=false) → the verdict
#   rows.P.sql         the rows: `harness/rows.mjs gen` on the database after schemaPush(from) (one row per
#                      table, see rows.mjs), or a copy of the case's hand-written rows.sql when it has one
#   P.push.json        fresh database; schemaPush(from) ; rows.P.sql ; schemaPush(to, force=false) → the verdict
# A verdict is {"warnings": [...], "unexecutable": [...]}, the engine's strings, in its order. Without
# either, the engine applies the change (as `prisma db push` does); when the database then rejects it, the
# verdict (clean) gets "applyError": the first line of the engine's error. If a step fails otherwise (the
# engine cannot create the from schema, the rows cannot be inserted), P.push.error gets the message, that
# verdict is not written, and gen-push.sh exits 1 at the end.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pg_url="${1:-${ORACLE_PG_URL:-}}"
[ $# -gt 0 ] && shift
[ -n "$pg_url" ] || { echo "usage: gen-push.sh PG_URL [case ...]  (or set ORACLE_PG_URL)" >&2; exit 2; }
[ -d "$here/harness/node_modules" ] || { echo "gen-push.sh: run 'npm install' in $here/harness first" >&2; exit 2; }

tmp="$(mktemp -d)"
scratch="corpus_push_$$"
scratch_url="$(echo "$pg_url" | sed -E "s#^(postgres(ql)?://[^/]+)/[^?]*#\1/$scratch#")"
drop_scratch() { PGOPTIONS="-c client_min_messages=warning" psql -q "$pg_url" -c "DROP DATABASE IF EXISTS \"$scratch\"" >/dev/null; }
trap 'drop_scratch; rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then cases=("$@"); else cases=(); for d in "$here"/cases/alter_*/; do cases+=("$(basename "$d")"); done; fi

# fresh P → prints the URL of an empty database
fresh() {
	if [ "$1" = sqlite ]; then
		rm -f "$tmp/push.db" "$tmp/push.db-journal"; echo "file:$tmp/push.db"
	else
		drop_scratch && psql -q "$pg_url" -c "CREATE DATABASE \"$scratch\"" >/dev/null && echo "$scratch_url"
	fi
}

# verdict P URL SCHEMA OUT: push without force, keep warnings and unexecutable
verdict() {
	node "$here/harness/push.mjs" "$1" "$2" "$3" > "$tmp/push.out" 2> "$tmp/err" || return 1
	node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	         const v = { warnings: r.warnings, unexecutable: r.unexecutable };
	         if (r.applyError) v.applyError = r.applyError;
	         process.stdout.write(JSON.stringify(v, null, 2) + "\n");' "$tmp/push.out" > "$4"
}

# base P SCHEMA → URL of a fresh database holding the from schema (pushed by the engine, no rows)
base() {
	local url; url="$(fresh "$1")" || { echo "cannot create a scratch database" > "$tmp/err"; return 1; }
	node "$here/harness/push.mjs" "$1" "$url" "$2" > "$tmp/push.out" 2> "$tmp/err" || return 1
	grep -q '^{"warnings":\[\],"unexecutable":\[\],"executedSteps":' "$tmp/push.out" || { cat "$tmp/push.out" > "$tmp/err"; return 1; }
	echo "$url"
}

failed=0
fail() { { echo "$2:"; cat "$tmp/err"; } >> "$dir/$p.push.error"; echo "gen-push.sh: $c/$p: $2 failed (see $dir/$p.push.error)" >&2; failed=1; }
for c in "${cases[@]}"; do
	dir="$here/cases/$c"
	[ -f "$dir/from.prisma" ] || { echo "gen-push.sh: $c: no from.prisma (not an alter case)" >&2; failed=1; continue; }
	if [ -f "$dir/providers" ]; then mapfile -t provs < <(grep -v '^\s*$' "$dir/providers"); else provs=(sqlite postgresql); fi
	rm -f "$dir"/*.push.json "$dir"/*.push-empty.json "$dir"/*.push.error "$dir"/rows.sqlite.sql "$dir"/rows.postgresql.sql
	for p in "${provs[@]}"; do
		mkdir -p "$tmp/$c/$p"
		from="$tmp/$c/$p/from.prisma"; sed "s/PROVIDER/$p/" "$dir/from.prisma" > "$from"
		to="$tmp/$c/$p/to.prisma"; sed "s/PROVIDER/$p/" "$dir/to.prisma" > "$to"

		if url="$(base "$p" "$from")"; then
			verdict "$p" "$url" "$to" "$dir/$p.push-empty.json" || fail "$dir" "push of to.prisma (empty run)"
		else
			fail "$dir" "push of from.prisma (empty run)"
		fi

		url="$(base "$p" "$from")" || { fail "$dir" "push of from.prisma"; continue; }
		rows="$dir/rows.$p.sql"
		if [ -f "$dir/rows.sql" ]; then
			{ echo "-- copied from rows.sql (written by hand: the generic filler cannot fill this case)"; cat "$dir/rows.sql"; } > "$rows"
		elif ! node "$here/harness/rows.mjs" gen "$p" "$url" > "$rows" 2> "$tmp/err"; then
			rm -f "$rows"; fail "$dir" "rows.mjs gen"; continue
		fi
		node "$here/harness/rows.mjs" exec "$p" "$url" "$rows" 2> "$tmp/err" || { fail "$dir" "inserting $rows"; continue; }
		verdict "$p" "$url" "$to" "$dir/$p.push.json" || { fail "$dir" "push of to.prisma"; continue; }
	done
done
exit $failed
