#!/usr/bin/env bash
# gen.sh: Prisma's own introspection (`db pull`) of multi-schema PostgreSQL databases, as the expected
# output of pull's TestPullMultiSchemaOracle. CI never runs this; the files it writes are committed.
#
#   bash gen.sh ADMIN_PG_URL [case ...]
#
# ADMIN_PG_URL names a PostgreSQL database whose user may create databases (with scripts/db-up.sh running:
# $CASPIAN_TEST_POSTGRES_URL). Uses the migrate corpus harness (engine/migrate/testdata/corpus/harness; run
# `npm install` there once). Per case <name>.prisma (a datasource with `schemas` and models), in a fresh
# database pull_oracle_<name>:
#   1. harness/push.mjs pushes <name>.prisma (Prisma's `db push`);
#   2. harness/introspect.mjs introspects it with the datasource block alone as the schema file
#      (`db pull` into a new file)                    → <name>.pulled.prisma, warnings → <name>.pulled.warnings
#   3. the same with <name>.prisma itself as the schema file
#      (`db pull` into the schema that made the database) → <name>.repulled.prisma, <name>.repulled.warnings
#   4. the same with <name>.pulled.prisma as the schema file
#      (a second `db pull`)                            → <name>.pulled-again.prisma, <name>.pulled-again.warnings
# A .warnings file is written only when the engine warns. The database is dropped at the end.
# A case with <name>.input.prisma is pulled into that file instead (its own datasource, say with fewer
# schemas), once: <name>.pulled.prisma, or <name>.pulled.error with the engine's message when it refuses.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
harness="$here/../../../../testdata/corpus/harness"
admin="${1:?usage: gen.sh ADMIN_PG_URL [case ...]}"
shift
[ -d "$harness/node_modules" ] || { echo "gen.sh: run 'npm install' in $harness first" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then cases=("$@"); else cases=(); for f in "$here"/*.prisma; do
	case "$f" in *.pulled.prisma|*.repulled.prisma|*.pulled-again.prisma|*.input.prisma) continue ;; esac
	cases+=("$(basename "$f" .prisma)")
done; fi

for c in "${cases[@]}"; do
	db="pull_oracle_$c"
	url="${admin%/*}/$db"
	psql -q "$admin" -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
	node "$harness/push.mjs" postgresql "$url" "$here/$c.prisma" > "$tmp/push.json"
	grep -q '"executedSteps":[1-9]' "$tmp/push.json" || { echo "gen.sh: $c: push did nothing: $(cat "$tmp/push.json")" >&2; exit 1; }
	if [ -f "$here/$c.input.prisma" ]; then
		cp "$here/$c.input.prisma" "$tmp/$c.prisma"
		rm -f "$here/$c.pulled.prisma" "$here/$c.pulled.warnings" "$here/$c.pulled.error"
		if node "$harness/introspect.mjs" postgresql "$url" "$tmp/$c.prisma" > "$tmp/out" 2> "$tmp/warnings"; then
			cp "$tmp/out" "$here/$c.pulled.prisma"
			[ -s "$tmp/warnings" ] && cp "$tmp/warnings" "$here/$c.pulled.warnings"
		else
			sed 's/^ERROR: //' "$tmp/warnings" > "$here/$c.pulled.error"
		fi
		psql -q "$admin" -c "DROP DATABASE \"$db\""
		continue
	fi
	awk '/^datasource/,/^}/' "$here/$c.prisma" > "$tmp/$c.prisma"
	for out in pulled repulled pulled-again; do
		input="$tmp/$c.prisma"
		[ "$out" = repulled ] && { cp "$here/$c.prisma" "$tmp/$c.full.prisma"; input="$tmp/$c.full.prisma"; }
		[ "$out" = pulled-again ] && { cp "$here/$c.pulled.prisma" "$tmp/$c.again.prisma"; input="$tmp/$c.again.prisma"; }
		rm -f "$here/$c.$out.warnings"
		node "$harness/introspect.mjs" postgresql "$url" "$input" > "$here/$c.$out.prisma" 2> "$tmp/warnings"
		[ -s "$tmp/warnings" ] && cp "$tmp/warnings" "$here/$c.$out.warnings"
	done
	psql -q "$admin" -c "DROP DATABASE \"$db\""
done
